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
            String undefined = "X=1\n" + java.util.stream.IntStream.range(100, 300).mapToObj(i -> "undefined n" + i)
                    .collect(java.util.stream.Collectors.joining("\n"));
            HeaderContext g = new HeaderContext("g.h", "hg", undefined);
            store.write(List.of(new UnitWrite("a.c", "flags", "ok", "", Map.of("a.c", "ha", "h.h", "hh"),
                    Map.of(h, List.of(read("h.h", 2, "s", "m")), g, List.of()), List.of())));
            assertEquals(java.util.Set.of(h, g), store.headers());
            assertEquals(List.of("g.h|hg|" + digest(undefined) + "|" + undefined, "h.h|hh|" + digest("") + "|"),
                    decodedByPython(db));
            assertTrue(Integer.parseInt(Sqlite3.value(db, "SELECT length(macros) FROM headers WHERE hash = 'hg'"))
                    < 30, "the context is stored as the ids of its 201 lines");
            assertEquals(Optional.of(new UnitState("flags", "ok", "", Map.of("a.c", "ha", "h.h", "hh"))), store.unit("a.c"));
            assertEquals(Optional.empty(), store.unit("h.h"), "a header is a file but not a unit");
            assertEquals(Optional.empty(), store.unit("never.c"));
        }
    }

    /**
     * Body keys (version 6) are read back by header context; a context no unit reads any more goes with its keys and
     * its rows, and one that another unit still reads keeps them. Read back with the sqlite3 shell too.
     */
    @Test
    void bodyKeysGoWithTheContextNoUnitReads() throws Exception {
        Path db = tmp.resolve("keys.db");
        HeaderContext h = new HeaderContext("h.h", "hh", "");
        HeaderContext g = new HeaderContext("g.h", "hg", "");
        try (ShadowStore store = new ShadowStore(Database.open(db, true))) {
            store.write(List.of(
                    new UnitWrite("a.c", "flags", "ok", "", Map.of("a.c", "ha", "h.h", "hh", "g.h", "hg"),
                            Map.of(h, List.of(read("h.h", 2, "s", "m")), g, List.of(read("g.h", 3, "t", "n"))),
                            List.of(), java.util.Set.of(h, g), Map.of(h, java.util.Set.of("10:ab"),
                            g, java.util.Set.of("20:cd", "30:ef"))),
                    new UnitWrite("b.c", "flags", "ok", "", Map.of("b.c", "hb", "h.h", "hh"), Map.of(), List.of(),
                            java.util.Set.of(h), Map.of())));
            assertEquals(Map.of(h, java.util.Set.of("10:ab"), g, java.util.Set.of("20:cd", "30:ef")),
                    store.bodyKeys());
            store.write(List.of(new UnitWrite("a.c", "flags", "ok", "", Map.of("a.c", "ha2"), Map.of(), List.of(),
                    java.util.Set.of(), Map.of())));
            assertEquals(Map.of(h, java.util.Set.of("10:ab")), store.bodyKeys(), "g.h read by no unit");
        }
        assertEquals("h.h|10:ab", Sqlite3.value(db, "SELECT f.path || '|' || k.key FROM body_keys k"
                + " JOIN headers h ON h.id = k.header_id JOIN files f ON f.id = h.file_id"));
        assertEquals("1", Sqlite3.value(db, "SELECT count(*) FROM body_keys"), "g.h's keys went with it");
        assertEquals("1", Sqlite3.value(db, "SELECT count(*) FROM shadows"), "g.h's row went with it");
    }

    /** The first 16 bytes of the SHA-256 of {@code text}, hex, by python's hashlib. */
    private static String digest(String text) throws Exception {
        return python("import hashlib,sys; print(hashlib.sha256(sys.argv[1].encode()).hexdigest()[:32])", text);
    }

    /**
     * {@code path|hash|digest|text} of each header context, the text decoded by python from the format
     * docs/ARCHITECTURE.md gives: zlib of the sorted line ids as varint deltas, the lines in macro_lines.
     */
    private static List<String> decodedByPython(Path db) throws Exception {
        String code = String.join("\n",
                "import sqlite3, sys, zlib",
                "c = sqlite3.connect(sys.argv[1])",
                "lines = dict(c.execute('SELECT id, line FROM macro_lines'))",
                "for path, h, d, blob in c.execute('SELECT f.path, h.hash, h.digest, h.macros FROM headers h"
                        + " JOIN files f ON f.id = h.file_id ORDER BY 1'):",
                "    raw, ids, last, v, shift = zlib.decompress(blob), [], 0, 0, 0",
                "    for b in raw:",
                "        v |= (b & 0x7f) << shift; shift += 7",
                "        if not b & 0x80: last += v; ids.append(last); v, shift = 0, 0",
                "    text = '\\n'.join(sorted(lines[i] for i in ids))",
                "    print(path + '|' + h + '|' + d + '|' + text.encode('unicode_escape').decode())");
        return python(code, db.toString()).lines().map(l -> l.replace("\\n", "\n")).toList();
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
