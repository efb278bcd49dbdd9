package dev.klas.symbols.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.symbols.HeaderContext;
import dev.klas.symbols.Shadow;
import dev.klas.symbols.ShadowKind;
import dev.klas.symbols.ShadowQuery;
import dev.klas.symbols.Sqlite3;
import dev.klas.symbols.SummaryOracle;
import dev.klas.symbols.SymbolTable;
import dev.klas.symbols.SymbolTableException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's bookkeeping beside the shadows: headers and unit states, a batch that fails half-way, the member summary
 * after a unit is written twice in one batch, the format marker and the version-2 upgrade. What is stored is read
 * back with the sqlite3 shell where klas's own reading could hide a mistake.
 */
class StoreEdgesTest {
    @TempDir
    Path tmp;

    private static Shadow read(String file, int line, String struct, String member) {
        return new Shadow(ShadowKind.FIELD_READ, file, line, 1, "f", struct, member, "");
    }

    private static UnitWrite unit(String path, List<Shadow> shadows) {
        return new UnitWrite(path, "flags", "ok", "", Map.of(path, "h-" + path), Map.of(), shadows);
    }

    @Test
    void headersAndUnitStatesReadBackAsWritten() throws Exception {
        Path db = tmp.resolve("symbols.db");
        try (ShadowStore store = new ShadowStore(Database.open(db, true))) {
            HeaderContext h = new HeaderContext("h.h", "hh", "");
            HeaderContext g = new HeaderContext("g.h", "hg", "X=1");
            store.write(List.of(new UnitWrite("a.c", "flags", "ok", "", Map.of("a.c", "ha", "h.h", "hh"),
                    Map.of(h, List.of(read("h.h", 2, "s", "m")), g, List.of()), List.of())));
            assertEquals(java.util.Set.of(h, g), store.headers());
            assertEquals(List.of("g.h|hg|X=1", "h.h|hh|"), Sqlite3.run(db,
                    "SELECT f.path, h.hash, h.macros FROM headers h JOIN files f ON f.id = h.file_id ORDER BY 1"));
            assertEquals(Optional.of(new UnitState("flags", "ok", "", Map.of("a.c", "ha", "h.h", "hh"))), store.unit("a.c"));
            assertEquals(Optional.empty(), store.unit("h.h"), "a header is a file but not a unit");
            assertEquals(Optional.empty(), store.unit("never.c"));
        }
    }

    @Test
    void aFailedBatchChangesNothingAndLeavesNoTrace() throws Exception {
        Path db = tmp.resolve("symbols.db");
        try (ShadowStore store = new ShadowStore(Database.open(db, true))) {
            store.write(List.of(unit("a.c", List.of(read("a.c", 1, "s", "m"), read("a.c", 2, "s", "m")))));
            UnitWrite broken = new UnitWrite("a.c", "flags", null, "", Map.of(), Map.of(), List.of());
            assertThrows(SymbolTableException.class, () -> store.write(List.of(
                    unit("n.c", List.of(read("n.c", 1, "s", "m"), read("n.c", 2, "t", "k"))), broken)));
            assertEquals(List.of("a.c|2"), Sqlite3.run(db,
                    "SELECT f.path, count(*) FROM shadows s JOIN files f ON f.id = s.file_id GROUP BY 1"));
            assertEquals("0", Sqlite3.value(db, "SELECT count(*) FROM files WHERE path = 'n.c'"));

            store.write(List.of(unit("n.c", List.of(read("n.c", 5, "s", "m")))));
            SummaryOracle.assertSummaryMatchesShadows(store.connection());
            assertEquals(List.of(5), QuerySql.run(store.connection(), ShadowQuery.all().withFile("n.c")).stream()
                    .map(Shadow::line).toList());
        }
    }

    @Test
    void aUnitWrittenTwiceInOneBatchLeavesNoEmptySummaryRow() throws Exception {
        try (ShadowStore store = new ShadowStore(Database.open(tmp.resolve("symbols.db"), true))) {
            store.write(List.of(unit("a.c", List.of(read("a.c", 1, "s", "m"))), unit("a.c", List.of())));
            SummaryOracle.assertSummaryMatchesShadows(store.connection());
            assertEquals(List.of(), StructsSql.members(store.connection(),
                    dev.klas.schema.NamePattern.of("*"), dev.klas.schema.NamePattern.of("*")));
        }
    }

    @Test
    void aTableWithoutItsFormatMarkerIsRefused() throws Exception {
        for (String change : List.of("DELETE FROM meta WHERE key = 'format'",
                "UPDATE meta SET value = 'other' WHERE key = 'format'")) {
            Path db = tmp.resolve(change.length() + ".db");
            SymbolTable.openOrCreate(db).close();
            Sqlite3.run(db, "PRAGMA journal_mode = DELETE; " + change);
            SymbolTableException e = assertThrows(SymbolTableException.class, () -> SymbolTable.open(db));
            assertTrue(e.getMessage().contains("without its format marker"), e.getMessage());
        }
    }

    @Test
    void aVersionThreeTableIsRefusedUntouched() throws Exception {
        Path db = tmp.resolve("symbols.db");
        try (ShadowStore store = new ShadowStore(Database.open(db, true))) {
            store.write(List.of(unit("a.c", List.of(read("a.c", 1, "s", "m")))));
        }
        Sqlite3.run(db, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 3");
        SymbolTableException e = assertThrows(SymbolTableException.class,
                () -> SymbolTable.open(db));
        assertTrue(e.getMessage().contains("re-extract into a new file"),
                e.getMessage());
        assertEquals("3", Sqlite3.value(db, "PRAGMA user_version"));
    }
}
