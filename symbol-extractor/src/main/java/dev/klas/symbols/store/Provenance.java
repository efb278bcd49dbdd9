package dev.klas.symbols.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

    /** For each of {@code paths} that the table read, the content hashes it was read with. */
    public static Map<String, Set<String>> hashes(Connection c, Collection<String> paths) throws SQLException {
        Map<String, Set<String>> out = new HashMap<>();
        String sql = "SELECT d.hash FROM unit_deps d JOIN files f ON f.id = d.file_id WHERE f.path = ?"
                + " UNION SELECT h.hash FROM headers h JOIN files f ON f.id = h.file_id WHERE f.path = ?";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (String path : new HashSet<>(paths)) {
                p.setString(1, path);
                p.setString(2, path);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.computeIfAbsent(path, k -> new HashSet<>()).add(r.getString(1));
                    }
                }
            }
        }
        return out;
    }
}
