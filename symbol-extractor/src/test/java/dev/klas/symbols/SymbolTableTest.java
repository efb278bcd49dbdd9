package dev.klas.symbols;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that is not a klas symbol table of this version is refused with a clear message and left untouched. */
class SymbolTableTest {
    @TempDir
    Path tmp;

    private static void assertRefusedUntouched(Path file, String expectedMessagePart) throws Exception {
        byte[] before = Files.readAllBytes(file);
        FileTime mtime = Files.getLastModifiedTime(file);
        SymbolTableException e = assertThrows(SymbolTableException.class, () -> SymbolTable.openOrCreate(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(expectedMessagePart),
                e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(mtime, Files.getLastModifiedTime(file));
        assertTrue(Files.notExists(Path.of(file + "-wal")), "no WAL created next to a refused file");
    }

    @Test
    void textFileIsRefused() throws Exception {
        Path f = tmp.resolve("symbols.db");
        Files.writeString(f, "hello, this is not a database\n");
        assertRefusedUntouched(f, "not an SQLite database");
    }

    @Test
    void truncatedDatabaseIsRefused() throws Exception {
        Path good = tmp.resolve("good.db");
        SymbolTable.openOrCreate(good).close();
        Path f = tmp.resolve("symbols.db");
        byte[] bytes = Files.readAllBytes(good);
        byte[] cut = new byte[100];
        System.arraycopy(bytes, 0, cut, 0, cut.length);
        Files.write(f, cut);
        assertRefusedUntouched(f, "");
    }

    @Test
    void foreignSqliteDatabaseIsRefused() throws Exception {
        Path f = tmp.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE recipes(name TEXT)");
        }
        assertRefusedUntouched(f, "not a klas symbol table");
    }

    @Test
    void unknownSchemaVersionIsRefused() throws Exception {
        Path f = tmp.resolve("symbols.db");
        SymbolTable.openOrCreate(f).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = DELETE");
            s.execute("PRAGMA user_version = 99");
        }
        assertRefusedUntouched(f, "schema version 99");
    }

    @Test
    void newTableIsEmptyAndReopens() throws Exception {
        Path f = tmp.resolve("sub/symbols.db");
        try (SymbolTable t = SymbolTable.openOrCreate(f)) {
            assertEquals(0, t.size());
        }
        try (SymbolTable t = SymbolTable.open(f)) {
            assertTrue(t.query(ShadowQuery.all()).isEmpty());
        }
        assertThrows(SymbolTableException.class, () -> SymbolTable.open(tmp.resolve("missing.db")));
    }
}
