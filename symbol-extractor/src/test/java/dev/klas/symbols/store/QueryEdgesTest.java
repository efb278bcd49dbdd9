package dev.klas.symbols.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.schema.Glob;
import dev.klas.symbols.Shadow;
import dev.klas.symbols.ShadowKind;
import dev.klas.symbols.ShadowQuery;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts of the two query translators that the extraction tests leave unchecked (the survivors of the first
 * mutation run, docs/mutation/before.md): the struct condition of {@link QuerySql}, several kinds beside other
 * conditions, names whose first character is a wildcard, and {@link PointcutSql#superset} on globs with escapes,
 * negated sets, {@code **} and a trailing {@code *}, judged against SQLite's own GLOB.
 */
class QueryEdgesTest {
    private static final String UNIT = "a/x.c";
    private static final List<Shadow> SHADOWS = List.of(
            new Shadow(ShadowKind.FUNCTION, UNIT, 1, 5, "f1", "", "f1", ""),
            new Shadow(ShadowKind.FIELD_WRITE, UNIT, 3, 8, "f1", "mbuf", "m_len", ""),
            new Shadow(ShadowKind.FIELD_READ, UNIT, 4, 8, "f1", "mbuf", "m_len", ""),
            new Shadow(ShadowKind.FIELD_READ, UNIT, 5, 8, "f1", "mbuf", "m_data", ""),
            new Shadow(ShadowKind.FIELD_ADDRESS, UNIT, 6, 8, "f1", "mbuf", "m_len", ""),
            new Shadow(ShadowKind.FP_CALL, UNIT, 7, 8, "f1", "ops", "read", ""),
            new Shadow(ShadowKind.CALL, UNIT, 8, 3, "f1", "", "m_free", ""),
            new Shadow(ShadowKind.FIELD_READ, UNIT, 9, 8, "f1", "sk_buff", "m_len", ""));

    @TempDir
    Path tmp;

    private List<Shadow> query(ShadowQuery q) throws Exception {
        try (ShadowStore store = new ShadowStore(Database.open(tmp.resolve("symbols.db"), true))) {
            store.write(List.of(new UnitWrite(UNIT, "f", "ok", "", Map.of(UNIT, "h"), Map.of(), SHADOWS)));
            return QuerySql.run(store.connection(), q);
        }
    }

    private static List<Integer> lines(List<Shadow> shadows) {
        return shadows.stream().map(Shadow::line).toList();
    }

    @Test
    void structAndMemberConditionsKeepOnlyTheirNames() throws Exception {
        assertEquals(List.of(3, 4, 6, 9), lines(query(ShadowQuery.all().withMember("m_len"))));
        assertEquals(List.of(3, 4, 6), lines(query(ShadowQuery.member("mbuf", "m_len"))));
        assertEquals(List.of(9), lines(query(ShadowQuery.all().withStruct("sk_buff"))));
    }

    @Test
    void severalKindsBesideOtherConditions() throws Exception {
        ShadowQuery q = ShadowQuery.member("mbuf", "m_*").withKinds(Set.of(ShadowKind.FIELD_READ,
                ShadowKind.FIELD_WRITE, ShadowKind.FIELD_ADDRESS));
        assertEquals(List.of(3, 4, 5, 6), lines(query(q)));
        assertEquals(List.of(4, 5), lines(query(q.withKinds(Set.of(ShadowKind.FIELD_READ)))));
    }

    @Test
    void aLeadingWildcardIsAGlobNotAName() throws Exception {
        assertEquals(List.of(3, 4, 6, 9), lines(query(ShadowQuery.all().withMember("*len"))));
        assertEquals(List.of(3, 4, 6, 9), lines(query(ShadowQuery.all().withMember("?_len"))));
        assertEquals(List.of(8), lines(query(ShadowQuery.all().withMember("m_free"))));
    }

    private static final List<String> GLOBS = List.of("net/ipv4/*.c", "/src/a.c", "a\\*b.c", "[!x]y.c", "**/z.c",
            "a/**/b.c", "*.c", "dir/*", "f?.c", "[a-c].c", "q\\?.c", "\\[k].c");
    private static final List<String> PATHS = List.of("/src/linux/net/ipv4/tcp.c", "net/ipv4/tcp.c", "/src/a.c",
            "/w/a*b.c", "/w/ay.c", "/w/xy.c", "/w/q/z.c", "z.c", "a/b.c", "a/x/y/b.c", "/w/foo.c", "/w/dir/k",
            "/w/f1.c", "/w/b.c", "/w/d.c", "/w/q?.c", "/w/qq.c", "/w/[k].c", "/w/k.c");

    /** SQLite's GLOB with the superset pattern must keep every path the klas glob matches. */
    @Test
    void theSqlGlobKeepsEveryPathTheGlobMatches() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
             PreparedStatement glob = c.prepareStatement("SELECT ? GLOB ?")) {
            for (String text : GLOBS) {
                Glob g = Glob.of(text);
                String superset = PointcutSql.superset(text);
                int matched = 0;
                for (String path : PATHS) {
                    if (!g.matches(path)) {
                        continue;
                    }
                    matched++;
                    glob.setString(1, path);
                    glob.setString(2, superset);
                    try (ResultSet r = glob.executeQuery()) {
                        assertTrue(r.next() && r.getBoolean(1), text + " matches " + path + " but its SQL GLOB "
                                + superset + " does not");
                    }
                }
                assertTrue(matched > 0, "no test path matches " + text);
            }
        }
    }

    @Test
    void anAbsoluteGlobIsAnchoredAndARelativeOneIsNot() {
        assertEquals("/src/*.c", PointcutSql.superset("/src/*.c"));
        assertEquals("*net/*.c", PointcutSql.superset("net/*.c"));
    }
}
