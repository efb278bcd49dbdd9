package dev.klas.symbols.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.schema.NamePattern;
import dev.klas.symbols.MemberUse;
import dev.klas.symbols.Shadow;
import dev.klas.symbols.ShadowKind;
import dev.klas.symbols.SummaryOracle;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * StructsSql's two ways to turn file ids into sorted paths (reading the files it needs by id, or the whole files
 * table), on a table written through ShadowStore with more files than the lookup limit, paths that sort differently
 * in SQLite's byte order and in String order (U+FF5E against U+1D518), and units rewritten and failed in a second
 * round: both must equal version 2's direct aggregate over shadows, and the summary the shadows.
 */
class StructsSqlTest {
    private static final String[] DIRS = {"net", "fs", "d\u00e9j\u00e0", "x\uff5e", "x\ud835\udd18"};
    private static final String[][] PATTERNS = {{"*", "*"}, {"s1*", "*"}, {"s7", "m_?"}, {"*", "m_3"},
        {"s?", "*"}, {"none", "*"}};

    @TempDir
    Path tmp;

    private static List<UnitWrite> units(Random r, int from, int to, boolean failSome) {
        List<UnitWrite> out = new ArrayList<>();
        ShadowKind[] kinds = ShadowKind.values();
        for (int u = from; u < to; u++) {
            String unit = DIRS[u % DIRS.length] + "/u" + u + ".c";
            if (failSome && u % 7 == 0) {
                out.add(new UnitWrite(unit, "f", "failed", "test", Map.of(), Map.of(), List.of()));
                continue;
            }
            List<Shadow> shadows = new ArrayList<>();
            for (int i = 0, n = r.nextInt(12); i < n; i++) {
                ShadowKind k = kinds[r.nextInt(kinds.length)];
                boolean field = k.isFieldAccess();
                shadows.add(new Shadow(k, unit, 1 + r.nextInt(100), 1, "fn", field ? "s" + r.nextInt(20) : "",
                        field ? "m_" + r.nextInt(6) : "callee", ""));
            }
            out.add(new UnitWrite(unit, "f", "ok", "", Map.of(unit, "h" + r.nextInt()), Map.of(), shadows));
        }
        return out;
    }

    private static void write(ShadowStore store, List<UnitWrite> all) throws Exception {
        for (int i = 0; i < all.size(); i += 200) {
            store.write(all.subList(i, Math.min(all.size(), i + 200)));
        }
    }

    private static void assertBothWaysEqualDirect(Connection c) throws Exception {
        SummaryOracle.assertSummaryMatchesShadows(c);
        for (String[] p : PATTERNS) {
            NamePattern s = NamePattern.of(p[0]);
            NamePattern m = NamePattern.of(p[1]);
            List<MemberUse> want = SummaryOracle.direct(c, s, m);
            assertEquals(want, StructsSql.members(c, s, m, 0), "whole files table: " + p[0] + "." + p[1]);
            assertEquals(want, StructsSql.members(c, s, m, Integer.MAX_VALUE), "files by id: " + p[0] + "." + p[1]);
        }
    }

    @Test
    void bothPathLookupsEqualTheDirectAggregate() throws Exception {
        Random r = new Random(11);
        try (ShadowStore store = new ShadowStore(Database.open(tmp.resolve("symbols.db"), true))) {
            Connection c = store.connection();
            write(store, units(r, 0, 2600, false));
            List<MemberUse> all = StructsSql.members(c, NamePattern.of("*"), NamePattern.of("*"));
            assertTrue(all.stream().flatMap(u -> u.files().stream()).distinct().count() > 2000, "too few files");
            assertTrue(all.stream().anyMatch(u -> u.files().stream().anyMatch(f -> f.startsWith("x\ud835"))));
            assertBothWaysEqualDirect(c);
            write(store, units(r, 1000, 1800, true));
            assertBothWaysEqualDirect(c);
        }
    }
}
