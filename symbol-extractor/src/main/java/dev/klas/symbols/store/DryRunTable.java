package dev.klas.symbols.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Kbuild's last dry-run answer per make command line, with the key of the inputs it was computed from (table
 * {@code kbuild_dry_runs}, made on first write; a table without it has nothing cached). Not merged by
 * {@code klas merge}: a merged table runs Kbuild once again.
 */
public final class DryRunTable {
    private DryRunTable() {
    }

    /** A cached answer: the key of its inputs and the encoded dry run. */
    public record Entry(String key, byte[] data) {
    }

    public static Optional<Entry> read(Connection c, String command) throws SQLException {
        if (!exists(c)) {
            return Optional.empty();
        }
        try (PreparedStatement p = c.prepareStatement("SELECT input_key, data FROM kbuild_dry_runs WHERE command = ?")) {
            p.setString(1, command);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(new Entry(r.getString(1), r.getBytes(2))) : Optional.empty();
            }
        }
    }

    public static void write(Connection c, String command, Entry entry) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS kbuild_dry_runs(command TEXT PRIMARY KEY, input_key TEXT NOT NULL,"
                    + " data BLOB NOT NULL)");
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT OR REPLACE INTO kbuild_dry_runs(command, input_key, data) VALUES (?, ?, ?)")) {
            p.setString(1, command);
            p.setString(2, entry.key());
            p.setBytes(3, entry.data());
            p.executeUpdate();
        }
    }

    private static boolean exists(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kbuild_dry_runs'");
             ResultSet r = p.executeQuery()) {
            return r.next();
        }
    }
}
