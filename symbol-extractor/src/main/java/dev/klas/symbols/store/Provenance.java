package dev.klas.symbols.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a symbol table's rows came from: the source root its relative paths are resolved against (meta row
 * {@code root}, written by each extraction) and the content hashes each file had when it was read (unit_deps for
 * every file a unit read, headers for the headers whose inline bodies were extracted).
 */
public final class Provenance {
    private Provenance() {
    }

    /** Records the root of the extraction that is writing the table. */
    public static void recordRoot(Connection c, Path root) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT OR REPLACE INTO meta(key, value) VALUES ('root', ?)")) {
            p.setString(1, root.toAbsolutePath().normalize().toString());
            p.executeUpdate();
        }
    }

    /** The root of the last extraction; empty for a table written before klas recorded it. */
    public static Optional<Path> root(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT value FROM meta WHERE key = 'root'");
             ResultSet r = p.executeQuery()) {
            return r.next() ? Optional.of(Path.of(r.getString(1))) : Optional.empty();
        }
    }

    /**
     * For each of {@code paths} that the table read, the content hashes it was read with. One pass over
     * {@code unit_deps} for all of them: it is keyed by unit first, so asking per path scanned its million rows
     * once per path (0.1-0.2 s each on a whole-vmlinux table).
     */
    public static Map<String, Set<String>> hashes(Connection c, Collection<String> paths) throws SQLException {
        Map<Long, String> ids = new HashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT id FROM files WHERE path = ?")) {
            for (String path : new HashSet<>(paths)) {
                p.setString(1, path);
                try (ResultSet r = p.executeQuery()) {
                    if (r.next()) {
                        ids.put(r.getLong(1), path);
                    }
                }
            }
        }
        Map<String, Set<String>> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        // integers only, written into the statement: a list of any length, without the bound-parameter limit
        String in = ids.keySet().stream().map(String::valueOf).collect(Collectors.joining(",", "(", ")"));
        String sql = "SELECT file_id, hash FROM unit_deps WHERE file_id IN " + in
                + " UNION SELECT file_id, hash FROM headers WHERE file_id IN " + in;
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                out.computeIfAbsent(ids.get(r.getLong(1)), k -> new HashSet<>()).add(r.getString(2));
            }
        }
        return out;
    }
}
