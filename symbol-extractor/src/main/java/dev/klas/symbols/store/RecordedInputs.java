package dev.klas.symbols.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every unit's recorded outcome and inputs, read in bulk for an up-to-date check of a whole table: the units, and
 * each distinct (file, hash) pair their dependencies name (a few thousand, where the dependency rows of a kernel are
 * over a million), so that each file is checked once. A pair may be listed twice, or name a file no unit depends on
 * any more (from {@code file_stats}); checking it is harmless.
 */
public final class RecordedInputs {
    private final Map<String, UnitRow> units;
    private final List<Dep> deps;

    private RecordedInputs(Map<String, UnitRow> units, List<Dep> deps) {
        this.units = units;
        this.deps = deps;
    }

    /** A unit as last extracted; {@code hasDeps}: whether any input was recorded for it. */
    public record UnitRow(String flagsHash, String status, String reason, boolean hasDeps) {
    }

    /** A file and the hash some unit recorded for it. */
    public record Dep(String path, String hash) {
    }

    public static RecordedInputs read(Connection c) throws SQLException {
        Map<Long, String> paths = new HashMap<>();
        Map<String, UnitRow> units = new HashMap<>();
        List<Dep> deps = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT id, path FROM files")) {
                while (r.next()) {
                    paths.put(r.getLong(1), r.getString(2));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT u.file_id, u.flags_hash, u.status, u.reason, EXISTS"
                    + " (SELECT 1 FROM unit_deps d WHERE d.unit_id = u.file_id) FROM units u")) {
                while (r.next()) {
                    units.put(paths.get(r.getLong(1)), new UnitRow(r.getString(2), r.getString(3), r.getString(4),
                            r.getBoolean(5)));
                }
            }
            for (String q : depQueries(s)) {
                try (ResultSet r = s.executeQuery(q)) {
                    while (r.next()) {
                        deps.add(new Dep(paths.get(r.getLong(1)), r.getString(2)));
                    }
                }
            }
        }
        return new RecordedInputs(units, deps);
    }

    /**
     * Grouping the million dependency rows of a kernel sorts them all (a second); with {@link FileStatTable}'s hashes
     * at hand, only the rows that differ from them are grouped, and the table's own pairs are added.
     */
    private static List<String> depQueries(Statement s) throws SQLException {
        try (ResultSet t = s.executeQuery(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'file_stats'")) {
            if (!t.next()) {
                return List.of("SELECT file_id, hash FROM unit_deps GROUP BY file_id, hash");
            }
        }
        return List.of("SELECT file_id, hash FROM file_stats", "SELECT d.file_id, d.hash FROM unit_deps d"
                + " LEFT JOIN file_stats s ON s.file_id = d.file_id WHERE s.hash IS NOT d.hash"
                + " GROUP BY d.file_id, d.hash");
    }

    public Map<String, UnitRow> units() {
        return units;
    }

    public List<Dep> deps() {
        return deps;
    }

    /** The units (paths) that recorded any of {@code changed}. */
    public static Set<String> unitsUsing(Connection c, Collection<Dep> changed) throws SQLException {
        Set<String> out = new HashSet<>();
        if (changed.isEmpty()) {
            return out;
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS changed_deps(path TEXT NOT NULL, hash TEXT NOT NULL)");
            s.execute("DELETE FROM temp.changed_deps");
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO temp.changed_deps(path, hash) VALUES (?, ?)")) {
            for (Dep d : changed) {
                p.setString(1, d.path());
                p.setString(2, d.hash());
                p.addBatch();
            }
            p.executeBatch();
        }
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT DISTINCT u.path FROM unit_deps d"
                + " JOIN files f ON f.id = d.file_id JOIN temp.changed_deps x ON x.path = f.path AND x.hash = d.hash"
                + " JOIN files u ON u.id = d.unit_id")) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }
}
