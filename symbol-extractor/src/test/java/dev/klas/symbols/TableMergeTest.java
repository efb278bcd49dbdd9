package dev.klas.symbols;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.symbols.config.CompileCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What klas merge refuses, what it keeps once, and that a refused merge leaves the output as it was. */
class TableMergeTest {
    @TempDir
    Path tmp;
    Path src;

    @BeforeEach
    void copyFixtures() throws IOException {
        src = tmp.resolve("src");
        Files.createDirectories(src);
        try (Stream<Path> s = Files.list(ExtractorTest.FIXTURES)) {
            for (Path p : s.toList()) {
                Files.copy(p, src.resolve(p.getFileName()));
            }
        }
    }

    private Path extract(String db, Path root, String... files) throws IOException {
        List<CompileCommand> units = ExtractionRequest.fromFlags("gcc",
                Stream.of(files).map(src::resolve).toList(), List.of(), List.of(), List.of(), List.of("-std=gnu11"));
        Path out = tmp.resolve(db);
        new Extractor().run(ExtractionRequest.of(root, out, units).withJobs(1).withProbeCache(tmp.resolve("probe")));
        return out;
    }

    @Test
    void aUnitInTwoInputsIsKeptOnceWhenIdentical() throws Exception {
        Path a = extract("a.db", src, "rx.c", "kinds.c");
        Path b = extract("b.db", src, "tx.c", "kinds.c");
        Path all = extract("all.db", src, "rx.c", "tx.c", "kinds.c");
        MergeReport r = SymbolTable.merge(tmp.resolve("out.db"), List.of(a, b));
        assertEquals(1, r.sameUnits(), r.toString());
        assertEquals(3, r.units(), r.toString());
        TableDump.assertSameRows(TableDump.of(all), TableDump.of(tmp.resolve("out.db")), "kinds.c twice");
    }

    @Test
    void anExistingOutputIsMergedInto() throws Exception {
        Path a = extract("a.db", src, "rx.c");
        Path b = extract("b.db", src, "tx.c");
        Path all = extract("all.db", src, "rx.c", "tx.c");
        Path out = tmp.resolve("out.db");
        Files.copy(a, out);
        MergeReport r = SymbolTable.merge(out, List.of(b));
        assertEquals(List.of(out, b), r.inputs());
        TableDump.assertSameRows(TableDump.of(all), TableDump.of(out), "out.db + b.db");
        assertEquals(List.of(), Files.list(tmp).filter(p -> p.getFileName().toString().contains("merging")).toList());
    }

    @Test
    void aUnitThatDiffersIsRefusedNamingBothFilesAndTheOutputIsUntouched() throws Exception {
        Path a = extract("a.db", src, "rx.c", "kinds.c");
        Files.writeString(src.resolve("kinds.c"), "\n" + Files.readString(src.resolve("kinds.c")));
        Path b = extract("b.db", src, "tx.c", "kinds.c");
        Path out = tmp.resolve("out.db");
        Files.copy(a, out);
        byte[] before = Files.readAllBytes(out);
        var e = assertThrows(SymbolTableException.class, () -> SymbolTable.merge(out, List.of(b)));
        assertTrue(e.getMessage().startsWith(b + ": unit kinds.c differs from the same unit in " + out),
                e.getMessage());
        assertTrue(e.getMessage().contains("read kinds.c with other content"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(out));
        assertEquals(List.of(), Files.list(tmp).filter(p -> p.getFileName().toString().contains("merging")).toList());
    }

    @Test
    void aHeaderExtractedFromOtherContentIsRefused() throws Exception {
        Path a = extract("a.db", src, "rx.c");
        Files.writeString(src.resolve("pkt.h"), "\n" + Files.readString(src.resolve("pkt.h")));
        Path b = extract("b.db", src, "tx.c");
        var e = assertThrows(SymbolTableException.class,
                () -> SymbolTable.merge(tmp.resolve("out.db"), List.of(a, b)));
        assertTrue(e.getMessage().startsWith(b + ": header pkt.h was extracted from other content"), e.getMessage());
        assertTrue(e.getMessage().contains(" than in " + a), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("out.db")));
    }

    @Test
    void anotherRootIsRefused() throws Exception {
        Path a = extract("a.db", src, "rx.c");
        Path b = extract("b.db", tmp, "tx.c");
        var e = assertThrows(SymbolTableException.class,
                () -> SymbolTable.merge(tmp.resolve("out.db"), List.of(a, b)));
        assertEquals(b + ": extracted under root " + tmp + ", not " + src + " like " + a
                + "; merge only tables extracted from the same --root", e.getMessage());
    }

    @Test
    void aFileThatIsNoKlasTableIsRefusedByName() throws Exception {
        Path a = extract("a.db", src, "rx.c");
        Path text = tmp.resolve("notes.db");
        Files.writeString(text, "not a database\n");
        var e = assertThrows(SymbolTableException.class,
                () -> SymbolTable.merge(tmp.resolve("out.db"), List.of(a, text)));
        assertTrue(e.getMessage().startsWith(text + ": not an SQLite database"), e.getMessage());
        var missing = assertThrows(SymbolTableException.class,
                () -> SymbolTable.merge(tmp.resolve("out.db"), List.of(a, tmp.resolve("none.db"))));
        assertEquals(tmp.resolve("none.db") + ": no such symbol table", missing.getMessage());
    }
}
