package dev.klas.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A symbols.db as plain text, for comparing two tables row by row: each table's rows, every row id replaced by the
 * path it stands for, sorted. Ignored, because they legitimately differ between runs that hold the same facts:
 * {@code files.id} and {@code shadows.id} (row ids, numbered in the order rows were written) — every {@code *_id}
 * column is compared as its path instead. The tables have no timestamps. Nothing else is normalised: names made
 * with {@code __COUNTER__} in a header's rows are written with {@code N} by the extractor itself. Left out: the caches of the
 * file system's state ({@code file_stats}: modification times; {@code kbuild_dry_runs}), which hold no facts of
 * the extraction.
 */
final class TableDump {
    /** Each table of the schema with the query that prints it; a table missing here fails {@link #of}. */
    private static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("meta", "SELECT key, value FROM meta");
        TABLES.put("files", "SELECT path FROM files");
        TABLES.put("units", "SELECT f.path, flags_hash, status, reason FROM units u JOIN files f ON f.id = u.file_id");
        TABLES.put("unit_deps", "SELECT u.path, f.path, hash FROM unit_deps d JOIN files u ON u.id = d.unit_id"
                + " JOIN files f ON f.id = d.file_id");
        TABLES.put("macro_lines", "SELECT line FROM macro_lines");
        TABLES.put("headers", "SELECT f.path, hash, digest FROM headers h JOIN files f ON f.id = h.file_id");
        TABLES.put("header_shadows", "SELECT f.path, h.hash, h.digest, o.path, sf.path, s.kind, s.line, s.col,"
                + " s.function, s.struct, s.member, s.macro FROM header_shadows l JOIN headers h ON h.id = l.header_id"
                + " JOIN files f ON f.id = h.file_id JOIN shadows s ON s.id = l.shadow_id"
                + " JOIN files o ON o.id = s.owner_id JOIN files sf ON sf.id = s.file_id");
        TABLES.put("body_keys", "SELECT f.path, h.hash, k.key FROM body_keys k JOIN headers h ON h.id = k.header_id"
                + " JOIN files f ON f.id = h.file_id");
        TABLES.put("unit_headers", "SELECT u.path, f.path, h.hash, h.digest FROM unit_headers l"
                + " JOIN files u ON u.id = l.unit_id JOIN headers h ON h.id = l.header_id"
                + " JOIN files f ON f.id = h.file_id");
        TABLES.put("shadows", "SELECT o.path, f.path, kind, line, col, function, struct, member, macro FROM shadows s"
                + " JOIN files o ON o.id = s.owner_id JOIN files f ON f.id = s.file_id");
        TABLES.put("member_files", "SELECT struct, member, f.path, reads, writes, fp_calls, addresses, shadows"
                + " FROM member_files m JOIN files f ON f.id = m.file_id");
    }

    private static final java.util.Set<String> CACHES = java.util.Set.of("file_stats", "kbuild_dry_runs");

    private TableDump() {
    }

    /** Table name to its rows, each row one tab-separated line, sorted (duplicates kept, numbered). */
    static Map<String, List<String>> of(Path db) throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            TreeSet<String> tables = new TreeSet<>();
            try (ResultSet r = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (r.next()) {
                    if (!CACHES.contains(r.getString(1))) {
                        tables.add(r.getString(1));
                    }
                }
            }
            assertEquals(new TreeSet<>(TABLES.keySet()), tables, "TableDump must know every table of the schema");
            for (var t : TABLES.entrySet()) {
                List<String> rows = new ArrayList<>();
                try (ResultSet r = s.executeQuery(t.getValue())) {
                    int n = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= n; i++) {
                            row.append(i > 1 ? "\t" : "").append(r.getString(i));
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(null);
                out.put(t.getKey(), rows);
            }
        }
        return out;
    }

    /**
     * The tables the same except for shadows; the shadows that units own (not headers' inline functions) differ in
     * at most {@code tolerated} rows, which are printed. {@code member_files} is not compared (it is the shadows'
     * aggregate; check it with SummaryOracle).
     */
    static void assertSameUnitRows(Map<String, List<String>> expected, Map<String, List<String>> actual,
                                   int tolerated, String what) {
        assertSameRows(expected, actual, what, "meta", "files", "units", "unit_deps", "headers");
        List<String> e = unitOwned(expected);
        List<String> a = unitOwned(actual);
        List<String> missing = new ArrayList<>(e);
        a.forEach(missing::remove);
        List<String> extra = new ArrayList<>(a);
        e.forEach(extra::remove);
        missing.forEach(r -> System.out.println(what + ": unit shadow only in the single run: " + r));
        extra.forEach(r -> System.out.println(what + ": unit shadow only in the merged table: " + r));
        if (missing.size() + extra.size() > tolerated) {
            throw new AssertionError(what + ": the units' shadows differ in " + (missing.size() + extra.size())
                    + " rows, more than " + tolerated);
        }
    }

    private static List<String> unitOwned(Map<String, List<String>> dump) {
        java.util.Set<String> units = new java.util.HashSet<>();
        dump.get("units").forEach(u -> units.add(u.split("\t")[0]));
        return dump.get("shadows").stream().filter(r -> units.contains(r.split("\t")[0])).toList();
    }

    /** The shadow rows a merge of {@code dbs} must have: each table's unit-owned rows, each header row once. */
    static List<String> shadowsAddedUp(List<Path> dbs) throws SQLException {
        List<String> out = new ArrayList<>();
        java.util.Set<String> headerRows = new TreeSet<>();
        for (Path db : dbs) {
            Map<String, List<String>> d = of(db);
            java.util.Set<String> units = new java.util.HashSet<>();
            d.get("units").forEach(u -> units.add(u.split("\t")[0]));
            for (String row : d.get("shadows")) {
                if (units.contains(row.split("\t")[0])) {
                    out.add(row);
                } else {
                    headerRows.add(row);
                }
            }
        }
        out.addAll(headerRows);
        out.sort(null);
        return out;
    }

    /** Fails naming the first table whose rows differ, with a few rows only one side has. */
    static void assertSameRows(Map<String, List<String>> expected, Map<String, List<String>> actual, String what) {
        assertSameRows(expected, actual, what, TABLES.keySet().toArray(String[]::new));
    }

    private static void assertSameRows(Map<String, List<String>> expected, Map<String, List<String>> actual,
                                       String what, String... tables) {
        for (String table : tables) {
            List<String> e = expected.get(table);
            List<String> a = actual.get(table);
            if (!e.equals(a)) {
                List<String> missing = new ArrayList<>(e);
                a.forEach(missing::remove);
                List<String> extra = new ArrayList<>(a);
                e.forEach(extra::remove);
                throw new AssertionError(what + ": table " + table + " has " + a.size() + " rows, expected "
                        + e.size() + "; missing " + missing.subList(0, Math.min(5, missing.size())) + "; extra "
                        + extra.subList(0, Math.min(5, extra.size())));
            }
        }
    }
}
