package dev.klas.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.symbols.config.CompileCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: fixtures into a symbols.db, queried back; incremental re-runs; failures that do not stop a run. */
class ExtractorTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures").toAbsolutePath();

    @TempDir
    Path tmp;

    private ExtractionRequest request(Path root, Path db, List<Path> files) {
        List<CompileCommand> units = ExtractionRequest.fromFlags("gcc", files, List.of(), List.of(), List.of(),
                List.of("-std=gnu11"));
        return ExtractionRequest.of(root, db, units).withJobs(2).withProbeCache(tmp.resolve("probe"));
    }

    private Path copyFixtures() throws IOException {
        Path src = tmp.resolve("src");
        Files.createDirectories(src);
        try (Stream<Path> s = Files.list(FIXTURES)) {
            for (Path p : s.toList()) {
                Files.copy(p, src.resolve(p.getFileName()));
            }
        }
        return src;
    }

    @Test
    void macroSpelledMemberIsFoundUnderAllThreeNames() throws IOException {
        Path src = copyFixtures();
        Path db = tmp.resolve("symbols.db");
        ExtractionReport r = new Extractor().run(request(src, db, List.of(src.resolve("mbuf.c"))));
        assertEquals(1, r.parsed(), r.toString());
        assertFalse(r.partial());
        try (SymbolTable t = SymbolTable.open(db)) {
            List<Shadow> spelled = t.query(ShadowQuery.member("mbuf", "m_len").withKinds(Set.of(ShadowKind.FIELD_WRITE)));
            assertEquals(1, spelled.size(), spelled.toString());
            Shadow s = spelled.get(0);
            assertEquals("m_len", s.macro());
            assertEquals("m_reset", s.function());
            int line = s.line();
            assertTrue(Files.readAllLines(src.resolve("mbuf.c")).get(line - 1).contains("m->m_len = 0"));
            assertEquals(line, t.query(ShadowQuery.member("mbuf", "m_hdr").withFile("mbuf.c").withLine(line)).get(0).line());
            assertEquals(1, t.query(ShadowQuery.member("m_hdr", "mh_len").withFile("mbuf.c").withLine(line)).size());
            assertEquals(Set.of("mbuf.h"), Set.copyOf(t.query(ShadowQuery.member("file*", "fo_read"))
                    .stream().map(Shadow::file).toList()));
            assertEquals(3, t.query(ShadowQuery.all().withKinds(Set.of(ShadowKind.FP_CALL))).size());
            assertTrue(t.query(ShadowQuery.all().withFunction("m_tra*")).stream()
                    .allMatch(x -> x.function().equals("m_transfer") || x.function().equals("m_trailingspace")));
        }
    }

    @Test
    void secondRunParsesNothingAndAChangedHeaderReparsesItsUnits() throws IOException {
        Path src = copyFixtures();
        Path db = tmp.resolve("symbols.db");
        List<Path> files = List.of(src.resolve("mbuf.c"), src.resolve("kinds.c"), src.resolve("gnu.c"));
        ExtractionReport first = new Extractor().run(request(src, db, files));
        assertEquals(3, first.parsed());
        long rows;
        try (SymbolTable t = SymbolTable.open(db)) {
            rows = t.size();
        }
        ExtractionReport second = new Extractor().run(request(src, db, files));
        assertEquals(0, second.parsed());
        assertEquals(3, second.upToDate());
        Files.writeString(src.resolve("mbuf.h"), Files.readString(src.resolve("mbuf.h")).replace(
                "/* An mbuf-like", "\n/* An mbuf-like"));
        ExtractionReport third = new Extractor().run(request(src, db, files));
        assertEquals(1, third.parsed(), "only mbuf.c includes mbuf.h");
        try (SymbolTable t = SymbolTable.open(db)) {
            assertEquals(rows, t.size(), "header rows replaced, not duplicated");
            Shadow adj = t.query(ShadowQuery.member("mbuf", "m_len").withFunction("m_adj_len")).get(0);
            assertTrue(Files.readAllLines(src.resolve("mbuf.h")).get(adj.line() - 1).contains("m->m_len += n"));
        }
    }

    @Test
    void aFailingUnitIsReportedAndTheOthersAreStored() throws IOException {
        Path src = copyFixtures();
        Files.createDirectories(src.resolve("broken.c"));
        Files.writeString(src.resolve("notes.txt"), "not C\n");
        Path db = tmp.resolve("symbols.db");
        ExtractionReport r = new Extractor().run(request(src, db,
                List.of(src.resolve("broken.c"), src.resolve("kinds.c"), src.resolve("notes.txt"))));
        assertTrue(r.partial(), r.toString());
        assertEquals("broken.c", r.failures().get(0).file());
        assertTrue(r.failures().get(0).reason().contains("cannot read"), r.failures().toString());
        assertTrue(r.warnings().stream().anyMatch(w -> w.file().endsWith("notes.txt")), r.warnings().toString());
        try (SymbolTable t = SymbolTable.open(db)) {
            assertFalse(t.query(ShadowQuery.all().withFile("kinds.c")).isEmpty());
        }
    }
}
