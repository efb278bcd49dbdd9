package dev.klas.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.klas.schema.NamePattern;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Oracles for the member summary (schema version 3): the shadows table grouped here in Java, and the direct aggregate
 * over shadows that {@code klas structs} ran before the summary existed (schema version 2), kept verbatim.
 */
public final class SummaryOracle {
    /** The version-2 query of StructsSql, over the shadows table. */
    private static final String DIRECT = "SELECT g.struct, g.member, sum(g.reads), sum(g.writes), sum(g.fpcalls),"
            + " sum(g.addresses), sum(g.total), group_concat(f.path || char(10)) FROM ("
            + "SELECT s.struct, s.member, s.file_id,"
            + " sum(s.kind IN ('FIELD_READ', 'FIELD_READWRITE')) AS reads,"
            + " sum(s.kind IN ('FIELD_WRITE', 'FIELD_READWRITE')) AS writes,"
            + " sum(s.kind = 'FP_CALL') AS fpcalls, sum(s.kind = 'FIELD_ADDRESS') AS addresses, count(*) AS total"
            + " FROM shadows s"
            + " WHERE s.kind IN ('FIELD_READ', 'FIELD_WRITE', 'FIELD_READWRITE', 'FIELD_ADDRESS', 'FP_CALL') AND %s"
            + " GROUP BY s.struct, s.member, s.file_id) g JOIN files f ON f.id = g.file_id"
            + " GROUP BY g.struct, g.member ORDER BY g.struct, g.member";

    private SummaryOracle() {
    }

    /** What klas structs answered from the shadows table directly, before version 3. */
    public static List<MemberUse> direct(Connection c, NamePattern struct, NamePattern member) throws SQLException {
        List<Object> args = new ArrayList<>();
        String where = name("s.struct", struct, args) + " AND " + name("s.member", member, args);
        List<MemberUse> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(String.format(DIRECT, where))) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    String joined = r.getString(8);
                    String body = joined.substring(0, joined.length() - 1);
                    out.add(new MemberUse(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4), r.getLong(5),
                            r.getLong(6), r.getLong(7), Arrays.stream(body.split("\n,")).sorted().toList()));
                }
            }
        }
        return out;
    }

    private static String name(String column, NamePattern pattern, List<Object> args) {
        if (pattern.text().equals("*")) {
            return "1";
        }
        args.add(pattern.text());
        return column + (pattern.isExact() ? " = ?" : " GLOB ?");
    }

    /** The member_files table equals the field-access shadows grouped by (struct, member, file) in Java. */
    public static void assertSummaryMatchesShadows(Connection c) throws SQLException {
        assertEquals(groupedInJava(c), table(c));
    }

    /** "struct member file_id" to reads, writes, fp-calls, addresses, shadows. */
    static Map<String, List<Long>> groupedInJava(Connection c) throws SQLException {
        Map<String, long[]> acc = new TreeMap<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT struct, member, file_id, kind FROM shadows")) {
            while (r.next()) {
                ShadowKind k = ShadowKind.valueOf(r.getString(4));
                if (!k.isFieldAccess()) {
                    continue;
                }
                long[] n = acc.computeIfAbsent(r.getString(1) + " " + r.getString(2) + " " + r.getLong(3),
                        x -> new long[5]);
                n[0] += k == ShadowKind.FIELD_READ || k == ShadowKind.FIELD_READWRITE ? 1 : 0;
                n[1] += k == ShadowKind.FIELD_WRITE || k == ShadowKind.FIELD_READWRITE ? 1 : 0;
                n[2] += k == ShadowKind.FP_CALL ? 1 : 0;
                n[3] += k == ShadowKind.FIELD_ADDRESS ? 1 : 0;
                n[4]++;
            }
        }
        Map<String, List<Long>> out = new TreeMap<>();
        acc.forEach((k, n) -> out.put(k, Arrays.stream(n).boxed().toList()));
        return out;
    }

    static Map<String, List<Long>> table(Connection c) throws SQLException {
        Map<String, List<Long>> out = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT struct, member, file_id, reads,"
                + " writes, fp_calls, addresses, shadows FROM member_files")) {
            while (r.next()) {
                out.put(r.getString(1) + " " + r.getString(2) + " " + r.getLong(3),
                        List.of(r.getLong(4), r.getLong(5), r.getLong(6), r.getLong(7), r.getLong(8)));
            }
        }
        return out;
    }
}
