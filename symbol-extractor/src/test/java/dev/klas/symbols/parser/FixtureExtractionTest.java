package dev.klas.symbols.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.symbols.Expectations;
import dev.klas.symbols.config.ArgumentParser;
import dev.klas.symbols.config.CompileCommand;
import dev.klas.symbols.config.CompilerProbe;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every shadow on every line of the fixtures is the one the line's expect comment names, and nothing else. */
class FixtureExtractionTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures").toAbsolutePath();
    static final List<String> GCC = List.of("gcc", "-std=gnu11", "-Wall", "-c");

    @TempDir
    Path cache;

    static UnitResult extract(Path cacheDir, String file) throws Exception {
        return extract(cacheDir, file, h -> true);
    }

    static UnitResult extract(Path cacheDir, String file, Predicate<String> headerWanted) throws Exception {
        Path source = FIXTURES.resolve(file);
        Fixtures.compile(source);
        List<String> args = new java.util.ArrayList<>(GCC);
        args.add(source.toString());
        CompileCommand cmd = new CompileCommand(source, FIXTURES, ArgumentParser.parse(args, FIXTURES));
        FrontEnd fe = new FrontEnd(new SourceFiles(), FIXTURES);
        return fe.extract(cmd, new CompilerProbe(cacheDir).facts(cmd.flags()), headerWanted);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mbuf.c", "kinds.c", "gnu.c", "rx.c", "tx.c", "ring.c", "ring_ops.c", "indirect.c", "exported.c"})
    void mainFileShadowsAreExactlyTheExpectedOnes(String file) throws Exception {
        UnitResult r = extract(cache, file);
        assertTrue(r.failure().isEmpty(), r.failure().toString());
        assertEquals(0, r.unresolved(), r.warnings().toString());
        assertEquals(Expectations.read(FIXTURES.resolve(file)), Expectations.of(r.shadows(), file));
    }

    @Test
    void headerInlineFunctionsAreRecordedWithTheHeaderPath() throws Exception {
        UnitResult r = extract(cache, "mbuf.c");
        Expectations.read(FIXTURES.resolve("mbuf.h")).forEach((line, expected) -> { });
        assertEquals(Expectations.read(FIXTURES.resolve("mbuf.h")), withoutFunctions(Expectations.of(all(r), "mbuf.h")));
        assertTrue(r.headersDone().contains("mbuf.h"), r.headersDone().toString());
        assertTrue(r.files().containsKey("mbuf.h"));
    }

    /** pkt.h and ring.h carry their function definitions' marks too: every shadow of the header, exactly. */
    @ParameterizedTest
    @CsvSource({"rx.c, pkt.h", "tx.c, pkt.h", "ring.c, ring.h"})
    void headerShadowsAreExactlyTheExpectedOnes(String file, String header) throws Exception {
        UnitResult r = extract(cache, file);
        assertEquals(Expectations.read(FIXTURES.resolve(header)), Expectations.of(all(r), header));
        assertEquals(List.of(header), r.headersDone());
    }

    /** ring.h, included by ring_ops.h whose functions are known already, is walked all the same. */
    @Test
    void headerIncludedByAKnownHeaderIsWalked() throws Exception {
        UnitResult r = extract(cache, "ring_ops.c", h -> !h.equals("ring_ops.h"));
        assertEquals(Expectations.read(FIXTURES.resolve("ring.h")), Expectations.of(all(r), "ring.h"));
        assertEquals(Map.of(), Expectations.of(all(r), "ring_ops.h"));
        assertEquals(List.of("ring.h"), r.headersDone());
    }

    @Test
    void headersAlreadyKnownAreNotWalked() throws Exception {
        Path source = FIXTURES.resolve("mbuf.c");
        List<String> args = new java.util.ArrayList<>(GCC);
        args.add(source.toString());
        CompileCommand cmd = new CompileCommand(source, FIXTURES, ArgumentParser.parse(args, FIXTURES));
        UnitResult r = new FrontEnd(new SourceFiles(), FIXTURES)
                .extract(cmd, new CompilerProbe(cache).facts(cmd.flags()), h -> false);
        assertTrue(all(r).stream().allMatch(s -> s.file().equals("mbuf.c")));
        assertTrue(r.headersDone().isEmpty());
    }

    /** The unit's own shadows and those of the header contexts it walked. */
    static List<dev.klas.symbols.Shadow> all(UnitResult r) {
        List<dev.klas.symbols.Shadow> out = new java.util.ArrayList<>(r.shadows());
        r.headerShadows().values().forEach(out::addAll);
        return out;
    }

    private static java.util.Map<Integer, java.util.Set<String>> withoutFunctions(
            java.util.Map<Integer, java.util.Set<String>> m) {
        m.values().forEach(s -> s.removeIf(v -> v.startsWith("func ")));
        m.values().removeIf(java.util.Set::isEmpty);
        return m;
    }
}
