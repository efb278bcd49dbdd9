package dev.klas.symbols.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The content hash each file had at a given modification time and size (table {@code file_stats}, made on first
 * write): lets an up-to-date check trust a file whose modification time and size did not change without reading
 * it, as make and ccache do. Not merged by {@code klas merge}; a table without it hashes every file once.
 */
public final class FileStatTable {
    private FileStatTable() {
    }

    /** A file's modification time (nanoseconds since the epoch), size and content hash. */
    public record Stat(long mtimeNanos, long size, String hash) {
    }

    /** Path (relative, as in {@code files}) to its last recorded stat. */
    public static Map<String, Stat> read(Connection c) throws SQLException {
        Map<String, Stat> out = new HashMap<>();
        try (Statement s = c.createStatement()) {
            try (ResultSet t = s.executeQuery(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'file_stats'")) {
                if (!t.next()) {
                    return out;
                }
            }
            try (ResultSet r = s.executeQuery(
                    "SELECT f.path, s.mtime_ns, s.size, s.hash FROM file_stats s JOIN files f ON f.id = s.file_id")) {
                while (r.next()) {
                    out.put(r.getString(1), new Stat(r.getLong(2), r.getLong(3), r.getString(4)));
                }
            }
        }
        return out;
    }

    /** Records stats of files the table already names (others are left out), in one transaction. */
    public static void write(Connection c, Map<String, Stat> stats) throws SQLException {
        if (stats.isEmpty()) {
            return;
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS file_stats(file_id INTEGER PRIMARY KEY, mtime_ns INTEGER NOT NULL,"
                    + " size INTEGER NOT NULL, hash TEXT NOT NULL)");
            try (PreparedStatement p = c.prepareStatement("INSERT OR REPLACE INTO file_stats(file_id, mtime_ns, size,"
                    + " hash) SELECT id, ?, ?, ? FROM files WHERE path = ?")) {
                for (var e : stats.entrySet()) {
                    p.setLong(1, e.getValue().mtimeNanos());
                    p.setLong(2, e.getValue().size());
                    p.setString(3, e.getValue().hash());
                    p.setString(4, e.getKey());
                    p.addBatch();
                }
                p.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
