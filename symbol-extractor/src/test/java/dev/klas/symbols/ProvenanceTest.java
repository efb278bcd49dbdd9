package dev.klas.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.schema.PointcutParser;
import dev.klas.symbols.config.CompileCommand;
import dev.klas.symbols.store.Database;
import dev.klas.symbols.store.ShadowStore;
import dev.klas.symbols.store.UnitWrite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a symbol table knows of where it came from: the root of the last extraction, the files it read and which of
 * them changed or vanished since; its size and its diagnoses, checked against the sqlite3 shell.
 */
class ProvenanceTest {
    @TempDir
    Path tmp;

    private Path extract(Path src) throws Exception {
        Files.writeString(src.resolve("h.h"), "struct s { int m; };\nstatic inline int get(struct s *p) { return p->m; }\n");
        Files.writeString(src.resolve("a.c"), "#include \"h.h\"\nvoid put(struct s *p) { p->m = get(p); }\n");
        Files.writeString(src.resolve("b.c"), "#include \"h.h\"\nint twice(struct s *p) { return 2 * p->m; }\n");
        Path db = tmp.resolve("symbols.db");
        List<CompileCommand> units = ExtractionRequest.fromFlags("gcc", List.of(src.resolve("a.c"), src.resolve("b.c")),
                List.of(), List.of(), List.of(), List.of("-std=gnu11"));
        ExtractionReport r = new Extractor().run(ExtractionRequest.of(src, db, units).withJobs(1)
                .withProbeCache(tmp.resolve("probe")));
        assertEquals(2, r.parsed(), r.toString());
        return db;
    }

    @Test
    void staleFilesNameWhatChangedOrVanishedSinceTheExtraction() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path db = extract(src);
        List<String> asked = List.of("a.c", "b.c", "h.h", "never-read.c");
        try (SymbolTable t = SymbolTable.open(db)) {
            assertEquals(db, t.file());
            assertEquals(Optional.of(src.toAbsolutePath().normalize()), t.root());
            assertEquals(List.of(), t.staleFiles(asked));
            Files.writeString(src.resolve("h.h"), "struct s { int m, n; };\n");
            Files.delete(src.resolve("a.c"));
            assertEquals(List.of(new StaleFile("a.c", "missing"), new StaleFile("h.h", "changed since it was extracted")),
                    t.staleFiles(asked));
        }
        Sqlite3.run(db, "DELETE FROM meta WHERE key = 'root'");
        try (SymbolTable t = SymbolTable.open(db)) {
            assertEquals(Optional.empty(), t.root());
            assertEquals(List.of(), t.staleFiles(asked), "no root recorded: nothing can be checked");
        }
    }

    @Test
    void staleFilesTrustARecordedStatAndHashTheRest() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path db = extract(src);
        Path h = src.resolve("h.h");
        String read = Sqlite3.value(db, "SELECT hash FROM headers h JOIN files f ON f.id = h.file_id WHERE f.path = 'h.h'");
        // an edit that keeps the size, its modification time set back: the recorded stat still fits, as for make
        FileTime mtime = Files.getLastModifiedTime(h);
        Files.writeString(h, Files.readString(h).replace("get", "gxt"));
        Files.setLastModifiedTime(h, mtime);
        long nanos = mtime.to(TimeUnit.NANOSECONDS);
        Sqlite3.run(db, "CREATE TABLE IF NOT EXISTS file_stats(file_id INTEGER PRIMARY KEY, mtime_ns INTEGER NOT NULL,"
                + " size INTEGER NOT NULL, hash TEXT NOT NULL)");
        Sqlite3.run(db, "INSERT OR REPLACE INTO file_stats SELECT id, " + nanos + ", " + Files.size(h) + ", '" + read
                + "' FROM files WHERE path = 'h.h'");
        try (SymbolTable t = SymbolTable.open(db)) {
            assertEquals(List.of(), t.staleFiles(List.of("a.c", "h.h")), "stat as recorded: not read");
        }
        Sqlite3.run(db, "UPDATE file_stats SET size = size + 1");
        try (SymbolTable t = SymbolTable.open(db)) {
            assertEquals(List.of(new StaleFile("h.h", "changed since it was extracted")),
                    t.staleFiles(List.of("a.c", "h.h")), "another stat: read and hashed");
        }
    }

    @Test
    void sizeAndDiagnosesAgreeWithTheStoredRows() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path db = extract(src);
        try (SymbolTable t = SymbolTable.open(db)) {
            long rows = Long.parseLong(Sqlite3.value(db, "SELECT count(*) FROM shadows"));
            assertTrue(rows > 0);
            assertEquals(rows, t.size());
            assertEquals(List.of(), t.diagnose(PointcutParser.parse("get(s.m)")));
            List<MatchDiagnosis> none = t.diagnose(PointcutParser.parse("get(s.n)"));
            assertEquals(1, none.size(), none.toString());
            assertTrue(none.get(0).reason().contains("no member 'n'"), none.get(0).reason());
        }
    }

    @Test
    void anOpenTableSeesRowsWrittenAfterItsFirstRead() throws Exception {
        Path db = tmp.resolve("symbols.db");
        try (SymbolTable t = SymbolTable.openOrCreate(db)) {
            assertEquals(0, t.size());
            try (ShadowStore store = new ShadowStore(Database.open(db, false))) {
                store.write(List.of(new UnitWrite("x.c", "f", "ok", "", Map.of("x.c", "h"), Map.of(),
                        List.of(new Shadow(ShadowKind.FIELD_READ, "x.c", 1, 1, "f", "s", "m", "")))));
            }
            assertEquals(1, t.size());
            assertFalse(t.query(ShadowQuery.member("s", "m")).isEmpty());
        }
    }
}
