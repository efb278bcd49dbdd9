package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * klas structs reads the member summary of symbols.db version 3; its output, text and json, must be what version 2
 * printed from the shadows table. The oracle is version 2's aggregate over shadows (kept here verbatim) rendered in
 * version 2's formats, on a copy of samples/mbuf-user, before and after an incremental re-extraction that changes
 * mbuf.c and empties fileops.c.
 */
class StructsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIRECT = "SELECT g.struct, g.member, sum(g.reads), sum(g.writes), sum(g.fpcalls),"
            + " sum(g.addresses), sum(g.total), group_concat(f.path || char(10)) FROM ("
            + "SELECT s.struct, s.member, s.file_id,"
            + " sum(s.kind IN ('FIELD_READ', 'FIELD_READWRITE')) AS reads,"
            + " sum(s.kind IN ('FIELD_WRITE', 'FIELD_READWRITE')) AS writes,"
            + " sum(s.kind = 'FP_CALL') AS fpcalls, sum(s.kind = 'FIELD_ADDRESS') AS addresses, count(*) AS total"
            + " FROM shadows s"
            + " WHERE s.kind IN ('FIELD_READ', 'FIELD_WRITE', 'FIELD_READWRITE', 'FIELD_ADDRESS', 'FP_CALL')"
            + " AND s.struct GLOB ? AND s.member GLOB ?"
            + " GROUP BY s.struct, s.member, s.file_id) g JOIN files f ON f.id = g.file_id"
            + " GROUP BY g.struct, g.member ORDER BY g.struct, g.member";
    /** Command-line pattern, then the struct and member GLOB it means. */
    private static final String[][] PATTERNS = {{null, "*", "*"}, {"mbuf", "mbuf", "*"}, {"struct m_hdr", "m_hdr", "*"},
        {"m_hdr.mh_*", "m_hdr", "mh_*"}, {"*.m_ops", "*", "m_ops"}, {"mb?f.m_?a*", "mb?f", "m_?a*"},
        {"fileops.fo_read", "fileops", "fo_read"}};
    private static final String ADDED = "\nint klas_added(struct mbuf *m)\n{\n\tm->m_ops = 0;\n"
            + "\treturn m->m_hdr.mh_flags + m->m_hdr.mh_flags;\n}\n";

    @TempDir
    Path tmp;

    record Use(String struct, String member, long reads, long writes, long fpCalls, long addressOf, long shadows,
               List<String> files) {
    }

    private static List<Use> direct(Path db, String struct, String member) throws Exception {
        List<Use> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             PreparedStatement ps = c.prepareStatement(DIRECT)) {
            ps.setString(1, struct);
            ps.setString(2, member);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    String joined = r.getString(8);
                    out.add(new Use(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4), r.getLong(5),
                            r.getLong(6), r.getLong(7), Arrays.stream(joined.substring(0, joined.length() - 1)
                            .split("\n,")).sorted().toList()));
                }
            }
        }
        return out;
    }

    /** Version 2's text format. */
    private static String text(List<Use> uses) {
        StringWriter s = new StringWriter();
        PrintWriter out = new PrintWriter(s);
        String current = null;
        for (Use u : uses) {
            if (!u.struct().equals(current)) {
                current = u.struct();
                out.println("struct " + current);
            }
            out.printf("  %-24s %6d read %6d write %6d fp-call %6d addr  %s%n", u.member(), u.reads(), u.writes(),
                    u.fpCalls(), u.addressOf(), String.join(" ", u.files()));
        }
        out.flush();
        return s.toString();
    }

    /** Version 2's json: an array of objects with these keys in this order. */
    private static ArrayNode json(List<Use> uses) {
        ArrayNode a = JSON.createArrayNode();
        for (Use u : uses) {
            ObjectNode o = a.addObject();
            o.put("struct", u.struct());
            o.put("member", u.member());
            o.put("reads", u.reads());
            o.put("writes", u.writes());
            o.put("fpCalls", u.fpCalls());
            o.put("addressOf", u.addressOf());
            o.put("shadows", u.shadows());
            u.files().forEach(o.putArray("files")::add);
        }
        return a;
    }

    private void assertOutputsEqualDirectAggregate(Path db) throws Exception {
        for (String[] p : PATTERNS) {
            List<String> args = new ArrayList<>(List.of("structs", "--db", db.toString()));
            if (p[0] != null) {
                args.add(p[0]);
            }
            List<Use> want = direct(db, p[1], p[2]);
            Run t = Run.klas(args.toArray(String[]::new));
            assertEquals(0, t.exitCode(), t.err());
            assertEquals(text(want), t.out(), String.valueOf(p[0]));
            args.addAll(List.of("--format", "json"));
            Run j = Run.klas(args.toArray(String[]::new));
            assertEquals(0, j.exitCode(), j.err());
            JsonNode got = JSON.readTree(j.out());
            // through text: numbers read back as the parser types them, as the command's own output is
            assertEquals(JSON.readTree(JSON.writeValueAsString(json(want))), got, String.valueOf(p[0]));
            for (int i = 0; i < got.size(); i++) {
                List<String> keys = new ArrayList<>();
                got.get(i).fieldNames().forEachRemaining(keys::add);
                assertEquals(List.of("struct", "member", "reads", "writes", "fpCalls", "addressOf", "shadows", "files"),
                        keys);
            }
        }
    }

    private void extract(Path src, Path db) {
        Run r = Run.klas("--quiet", "extract", "--root", src.toString(), "--db", db.toString(), "--jobs", "2",
                src.resolve("main.c").toString(), src.resolve("mbuf.c").toString(),
                src.resolve("fileops.c").toString());
        assertEquals(0, r.exitCode(), r.err());
    }

    @Test
    void outputEqualsTheDirectAggregateBeforeAndAfterReExtraction() throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src);
        for (String f : List.of("main.c", "mbuf.c", "fileops.c", "mbuf.h")) {
            Files.copy(Run.repo().resolve("samples/mbuf-user").resolve(f), src.resolve(f));
        }
        Path db = tmp.resolve("symbols.db");
        extract(src, db);
        Run none = Run.klas("structs", "--db", db.toString(), "no_such");
        assertEquals(ExitCode.INVALID_INPUT, none.exitCode());
        assertEquals("structs: no struct matches 'no_such'\n", none.err());
        assertEquals("", none.out());
        String all = Run.klas("structs", "--db", db.toString()).out();
        assertTrue(all.contains("fileops.c") && all.contains("struct mbuf"), all);
        assertOutputsEqualDirectAggregate(db);

        Files.writeString(src.resolve("mbuf.c"), Files.readString(src.resolve("mbuf.c")) + ADDED);
        Files.writeString(src.resolve("fileops.c"), "/* emptied by StructsCommandTest */\n");
        extract(src, db);
        String after = Run.klas("structs", "--db", db.toString()).out();
        assertNotEquals(all, after);
        assertFalse(after.contains("fileops.c"), after);
        assertOutputsEqualDirectAggregate(db);
    }
}
