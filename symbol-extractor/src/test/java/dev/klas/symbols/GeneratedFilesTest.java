package dev.klas.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.klas.symbols.config.CompileCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A unit that includes a file the build generates (Kbuild's lib/crc32table.h), or that is one (a generated
 * source), fails with that reason while the file is missing, and parses once it is there; the run goes on.
 */
class GeneratedFilesTest {
    @TempDir
    Path tmp;

    private ExtractionReport run(Path src, Set<Path> generated) throws IOException {
        List<Path> files = List.of(src.resolve("a.c"), src.resolve("b.c"), src.resolve("c.c"), src.resolve("d.c"));
        List<CompileCommand> units = ExtractionRequest.fromFlags("gcc", files, List.of(), List.of(), List.of(),
                List.of("-std=gnu11"));
        return new Extractor().run(ExtractionRequest.of(src, tmp.resolve("symbols.db"), units).withJobs(2)
                .withProbeCache(tmp.resolve("probe")).withGeneratedFiles(generated));
    }

    private Path tree() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("a.c"), "#include \"table.h\"\nstruct s { int x; };\n"
                + "int f(struct s *p) { return p->x; }\n");
        Files.writeString(src.resolve("b.c"), "struct t { int y; };\nint g(struct t *p) { return p->y; }\n");
        Files.writeString(src.resolve("d.c"), "int k;\n#include \"x.asn1.h\"\n");
        return src;
    }

    @Test
    void missingGeneratedFilesFailTheirUnitsWithTheFileAndWhereItIsNeeded() throws IOException {
        Path src = tree();
        ExtractionReport r = run(src, Set.of(src.resolve("table.h"), src.resolve("c.c"), src.resolve("x.asn1.c")));
        assertEquals(List.of(
                new FileFailure("a.c", "needs generated file table.h (included at a.c:1), which the build makes and"
                        + " has not made yet"),
                new FileFailure("c.c", "needs generated file c.c (the unit's source), which the build makes and has"
                        + " not made yet"),
                new FileFailure("d.c", "needs generated file x.asn1.c (made with x.asn1.h, included at d.c:2), which"
                        + " the build makes and has not made yet")), r.failures().stream().sorted(
                java.util.Comparator.comparing(FileFailure::file)).toList());
        assertEquals(List.of("c.c", "table.h", "x.asn1.c"), r.generatedNeeded());
        assertEquals(4, r.units());

        Files.writeString(src.resolve("table.h"), "static const int table[] = { 1 };\n");
        Files.writeString(src.resolve("c.c"), "struct u { int z; };\nint h(struct u *p) { return p->z; }\n");
        Files.writeString(src.resolve("x.asn1.h"), "int x;\n");
        ExtractionReport again = run(src, Set.of(src.resolve("table.h"), src.resolve("c.c"), src.resolve("x.asn1.c")));
        assertFalse(again.partial(), again.failures().toString());
        assertEquals(List.of(), again.generatedNeeded());
        assertEquals(3, again.parsed(), "b.c is up to date");
    }

    /**
     * A rerun does not parse a unit that failed for a missing generated file while its flags, the files it read and
     * the absence of that file are unchanged: it is reported failed with the same reason and needs, for nothing.
     * Editing a file it read, or making the file, has it parsed again.
     */
    @Test
    void aFailedUnitWhoseInputsAreUnchangedIsNotParsedAgain() throws IOException {
        Path src = tree();
        Set<Path> generated = Set.of(src.resolve("table.h"), src.resolve("c.c"), src.resolve("x.asn1.c"));
        ExtractionReport first = run(src, generated);
        ExtractionReport again = run(src, generated);
        assertEquals(List.of(), again.parsedFiles(), "nothing parsed");
        assertEquals(sorted(first.failures()), sorted(again.failures()));
        assertEquals(first.generatedNeeded(), again.generatedNeeded());

        Files.writeString(src.resolve("a.c"), Files.readString(src.resolve("a.c")) + "int edited;\n");
        assertEquals(List.of("a.c"), run(src, generated).parsedFiles(), "a.c's own file changed");
        Files.writeString(src.resolve("c.c"), "int made;\n");
        assertEquals(List.of("c.c"), run(src, generated).parsedFiles(), "c.c, the generated source, now exists");
    }

    private static List<FileFailure> sorted(List<FileFailure> f) {
        return f.stream().sorted(java.util.Comparator.comparing(FileFailure::file)).toList();
    }

    @Test
    void anIncludeTheBuildDoesNotMakeStaysAWarning() throws IOException {
        Path src = tree();
        Files.writeString(src.resolve("c.c"), "int h(void) { return 0; }\n");
        Files.writeString(src.resolve("x.asn1.h"), "int x;\n");
        ExtractionReport r = run(src, Set.of(src.resolve("other.h")));
        assertFalse(r.partial(), r.failures().toString());
        assertEquals(List.of(), r.generatedNeeded());
    }

    /**
     * The other half of a pair: Kbuild names only {@code y.asn1.h} (another unit asked for it first), and the unit
     * {@code y.asn1.c} itself is missing: it needs the header's recipe, not "cannot read".
     */
    @Test
    void aMissingSourceMadeWithAGeneratedHeaderNeedsThatHeader() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("pair"));
        Files.writeString(src.resolve("b.c"), "int g(void) { return 0; }\n");
        List<CompileCommand> units = ExtractionRequest.fromFlags("gcc", List.of(src.resolve("y.asn1.c"),
                src.resolve("b.c")), List.of(), List.of(), List.of(), List.of("-std=gnu11"));
        ExtractionReport r = new Extractor().run(ExtractionRequest.of(src, tmp.resolve("pair.db"), units).withJobs(1)
                .withProbeCache(tmp.resolve("probe")).withGeneratedFiles(Set.of(src.resolve("y.asn1.h"))));
        assertEquals(List.of(new FileFailure("y.asn1.c", "needs generated file y.asn1.h (makes the unit's source"
                + " y.asn1.c), which the build makes and has not made yet")), r.failures());
        assertEquals(List.of("y.asn1.h"), r.generatedNeeded());
    }
}
