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
            String undefined = "X=1\nundefined " + String.join("\nundefined ",
                    java.util.Collections.nCopies(200, "memcpy"));
            HeaderContext g = new HeaderContext("g.h", "hg", undefined);
            store.write(List.of(new UnitWrite("a.c", "flags", "ok", "", Map.of("a.c", "ha", "h.h", "hh"),
                    Map.of(h, List.of(read("h.h", 2, "s", "m")), g, List.of()), List.of())));
            assertEquals(java.util.Set.of(h, g), store.headers());
            assertEquals(List.of("g.h|hg|" + zlibOracle(undefined), "h.h|hh|" + zlibOracle("")), Sqlite3.run(db,
                    "SELECT f.path, h.hash, h.digest || ' ' || hex(h.macros) FROM headers h"
                            + " JOIN files f ON f.id = h.file_id ORDER BY 1").stream()
                            .map(StoreEdgesTest::inflated).toList());
            assertTrue(Integer.parseInt(Sqlite3.value(db, "SELECT length(macros) FROM headers WHERE hash = 'hg'"))
                    < undefined.length() / 10, "the macro text is stored compressed");
            assertEquals(Optional.of(new UnitState("flags", "ok", "", Map.of("a.c", "ha", "h.h", "hh"))), store.unit("a.c"));
            assertEquals(Optional.empty(), store.unit("h.h"), "a header is a file but not a unit");
            assertEquals(Optional.empty(), store.unit("never.c"));
        }
    }

    /** What python's zlib and hashlib make of a context text: its SHA-256 (first 16 bytes, hex) and the text. */
    private static String zlibOracle(String text) throws Exception {
        return text.isEmpty() ? python("import hashlib; print(hashlib.sha256(b'').hexdigest()[:32])") + " "
                : python("import hashlib,sys; t=sys.argv[1].encode(); print(hashlib.sha256(t).hexdigest()[:32]"
                        + " + ' ' + t.hex())", text);
    }

    /** A {@code path|hash|digest HEX} row with HEX, zlib data, inflated by python into the hex of the text. */
    private static String inflated(String row) {
        int space = row.lastIndexOf(' ');
        try {
            return row.substring(0, space + 1) + python("import zlib,sys; print(zlib.decompress(bytes.fromhex("
                    + "sys.argv[1])).hex())", row.substring(space + 1));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String python(String code, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("python3", "-c", code));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
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
