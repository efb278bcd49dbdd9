package dev.klas.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.schema.NamePattern;
import dev.klas.symbols.config.CompileCommand;
import dev.klas.symbols.store.MemberSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The member summary (symbols.db version 3) against the shadows it summarises, on a copy of samples/mbuf-user:
 * after a first extraction, after an incremental re-extraction that changes one file and empties another, after a
 * rebuild (also after direct updates of shadows). Every time, klas structs'
 * answer ({@link SymbolTable#members}) must equal the version-2 direct aggregate over shadows for each pattern.
 */
class MemberSummaryTest {
    private static final String[][] PATTERNS = {{"*", "*"}, {"mbuf", "*"}, {"m_hdr", "*"}, {"mb?f", "m_*"},
        {"*", "mh_len"}, {"*", "fo_*"}, {"fileops", "fo_read"}, {"no_such", "*"}};
    private static final String ADDED = "\nint klas_added(struct mbuf *m)\n{\n\tm->m_ops = 0;\n"
            + "\treturn m->m_hdr.mh_flags + m->m_hdr.mh_flags;\n}\n";

    @TempDir
    Path tmp;

    private Path copySample() throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src);
        for (String f : List.of("main.c", "mbuf.c", "fileops.c", "mbuf.h")) {
            Files.copy(PointcutMatchTest.sample().resolve(f), src.resolve(f));
        }
        return src;
    }

    private ExtractionReport extract(Path src, Path db) throws Exception {
        List<CompileCommand> units = ExtractionRequest.fromFlags("gcc", List.of(src.resolve("main.c"),
                src.resolve("mbuf.c"), src.resolve("fileops.c")), List.of(), List.of(), List.of(), List.of("-std=gnu11"));
        ExtractionReport r = new Extractor().run(ExtractionRequest.of(src, db, units).withJobs(2)
                .withProbeCache(tmp.resolve("probe")));
        assertFalse(r.partial(), r.toString());
        return r;
    }

    private static void assertStructsEqualDirectAggregate(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            SummaryOracle.assertSummaryMatchesShadows(c);
            try (SymbolTable t = SymbolTable.open(db)) {
                for (String[] p : PATTERNS) {
                    NamePattern s = NamePattern.of(p[0]);
                    NamePattern m = NamePattern.of(p[1]);
                    assertEquals(SummaryOracle.direct(c, s, m), t.members(s, m), p[0] + "." + p[1]);
                }
            }
        }
    }

    private static MemberUse one(Path db, String struct, String member) throws Exception {
        try (SymbolTable t = SymbolTable.open(db)) {
            List<MemberUse> u = t.members(NamePattern.of(struct), NamePattern.of(member));
            assertEquals(1, u.size(), struct + "." + member + " " + u);
            return u.get(0);
        }
    }

    @Test
    void summaryFollowsExtractionAndIncrementalReExtraction() throws Exception {
        Path src = copySample();
        Path db = tmp.resolve("symbols.db");
        extract(src, db);
        assertStructsEqualDirectAggregate(db);
        MemberUse flags = one(db, "m_hdr", "mh_flags");
        MemberUse ops = one(db, "mbuf", "m_ops");
        MemberUse len = one(db, "m_hdr", "mh_len");
        assertTrue(len.files().contains("fileops.c"), "fileops.c reads m_len");

        Files.writeString(src.resolve("mbuf.c"), Files.readString(src.resolve("mbuf.c")) + ADDED);
        Files.writeString(src.resolve("fileops.c"), "/* emptied by MemberSummaryTest */\n");
        ExtractionReport again = extract(src, db);
        assertEquals(2, again.parsed(), again.toString());
        assertEquals(1, again.upToDate(), again.toString());
        assertStructsEqualDirectAggregate(db);

        MemberUse flags2 = one(db, "m_hdr", "mh_flags");
        assertEquals(flags.reads() + 2, flags2.reads());
        assertEquals(ops.writes() + 1, one(db, "mbuf", "m_ops").writes());
        try (SymbolTable t = SymbolTable.open(db)) {
            for (MemberUse u : t.members(NamePattern.of("*"), NamePattern.of("*"))) {
                assertFalse(u.files().contains("fileops.c"), "emptied fileops.c still listed for " + u);
            }
        }
        assertEquals(len.reads() - 1, one(db, "m_hdr", "mh_len").reads(), "the read in fileops.c's mem_read");
    }

    @Test
    void rebuildEqualsTheKeptSummaryAndFollowsDirectChanges() throws Exception {
        Path db = tmp.resolve("symbols.db");
        extract(copySample(), db);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            Map<String, List<Long>> kept = SummaryOracle.table(c);
            c.setAutoCommit(false);
            MemberSummary.rebuild(c);
            c.commit();
            assertEquals(kept, SummaryOracle.table(c));
            // shadows changed behind ShadowStore's back, then the rebuild bench/query uses after its bulk insert
            s.execute("UPDATE shadows SET kind = 'FIELD_ADDRESS' WHERE id IN"
                    + " (SELECT id FROM shadows WHERE kind = 'FIELD_READ' LIMIT 3)");
            s.execute("UPDATE shadows SET kind = 'CALL' WHERE id IN"
                    + " (SELECT id FROM shadows WHERE kind = 'FIELD_WRITE' LIMIT 2)");
            s.execute("UPDATE shadows SET member = 'renamed' WHERE id IN"
                    + " (SELECT id FROM shadows WHERE kind = 'FP_CALL' LIMIT 1)");
            // sparse file ids (StructsSql's binary-search path): a file moved to a far id, its shadows with it
            long mbuf;
            try (ResultSet r = s.executeQuery("SELECT id FROM files WHERE path = 'mbuf.c'")) {
                assertTrue(r.next());
                mbuf = r.getLong(1);
            }
            s.execute("UPDATE files SET id = 1000000007 WHERE id = " + mbuf);
            s.execute("UPDATE shadows SET file_id = 1000000007 WHERE file_id = " + mbuf);
            c.commit();
            MemberSummary.rebuild(c);
            c.commit();
            assertNotEquals(kept, SummaryOracle.table(c));
        }
        assertStructsEqualDirectAggregate(db);
    }

    @Test
    void olderDatabasesAreRefused() throws Exception {
        for (int version : new int[] {1, 2, 3}) {
            refused(version);
        }
    }

    private void refused(int version) throws Exception {
        Path db = tmp.resolve("symbols-" + version + ".db");
        SymbolTable.openOrCreate(db).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = DELETE");
            s.execute("PRAGMA user_version = " + version);
        }
        SymbolTableException e = assertThrows(SymbolTableException.class, () -> SymbolTable.open(db));
        assertTrue(e.getMessage().contains("schema version " + version) && e.getMessage().contains("re-extract"),
                e.getMessage());
    }
}
