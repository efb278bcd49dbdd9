package dev.klas.symbols.store;

import dev.klas.symbols.SymbolTableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import org.sqlite.SQLiteConfig;

/**
 * Opens symbols.db: the file is checked read-only before anything may write to it; a table of another schema
 * version is refused ({@link Schema}).
 */
public final class Database {
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private Database() {
    }

    /** Opens an existing klas database, or creates one when {@code file} does not exist and {@code create}. */
    public static Connection open(Path file, boolean create) throws SymbolTableException {
        boolean exists = Files.exists(file);
        if (!exists && !create) {
            throw new SymbolTableException(file + ": no such symbol table");
        }
        if (exists) {
            checkMagic(file);
            try (Connection ro = inspect(file)) {
                Schema.check(ro, file);
            } catch (SQLException e) {
                throw new SymbolTableException(file + ": cannot open: " + e.getMessage(), e);
            }
        }
        try {
            if (!exists && file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Connection c = connect(file, false);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
                s.execute("PRAGMA foreign_keys = OFF");
            }
            if (!exists) {
                c.setAutoCommit(false);
                Schema.create(c);
                c.commit();
                c.setAutoCommit(true);
            }
            return c;
        } catch (SQLException | IOException e) {
            throw new SymbolTableException(file + ": cannot open for writing: " + e.getMessage(), e);
        }
    }

    /**
     * Checks, without writing to it, that {@code file} is a klas symbol table of exactly this klas's schema version:
     * what {@code klas merge} asks of its inputs.
     */
    public static void requireCurrent(Path file) throws SymbolTableException {
        if (!Files.isRegularFile(file)) {
            throw new SymbolTableException(file + ": no such symbol table");
        }
        checkMagic(file);
        try (Connection ro = inspect(file)) {
            Schema.check(ro, file);
            int version = Schema.version(ro);
            if (version != Schema.VERSION) {
                throw new SymbolTableException(file + ": symbol table schema version " + version + ", not "
                        + Schema.VERSION + "; open it once with this klas (klas query --db " + file
                        + ") to upgrade it, or extract it again");
            }
        } catch (SQLException e) {
            throw new SymbolTableException(file + ": cannot open: " + e.getMessage(), e);
        }
    }

    /**
     * A read-only connection that creates no -wal/-shm files and takes no locks (SQLite URI immutable=1). Such a
     * connection does not read the write-ahead log, where another connection's latest commits (a new table's schema
     * among them) may still be: with a {@code -wal} file beside the table, an ordinary read-only connection instead.
     */
    private static Connection inspect(Path file) throws SQLException {
        if (Files.exists(Path.of(file + "-wal"))) {
            return connect(file, true);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(org.sqlite.SQLiteOpenMode.OPEN_URI);
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath().toUri() + "?immutable=1");
    }

    private static Connection connect(Path file, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(readOnly);
        config.setBusyTimeout(30_000);
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    private static void checkMagic(Path file) throws SymbolTableException {
        byte[] head = new byte[SQLITE_MAGIC.length];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, head.length);
            if (n == head.length && Arrays.equals(head, SQLITE_MAGIC)) {
                return;
            }
        } catch (IOException e) {
            throw new SymbolTableException(file + ": cannot read: " + e.getMessage(), e);
        }
        throw new SymbolTableException(file + ": not an SQLite database (a klas symbol table is one); "
                + "refusing to touch it");
    }
}
