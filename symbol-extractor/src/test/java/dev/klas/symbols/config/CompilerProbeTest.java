package dev.klas.symbols.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe asks gcc itself; its answers are checked against gcc run separately, and cached on disk. */
class CompilerProbeTest {
    @TempDir
    Path tmp;

    private static String gcc(String... args) throws Exception {
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void macrosAndSearchListMatchGccAndAreCached() throws Exception {
        CompileFlags flags = ArgumentParser.parse(List.of("gcc", "-std=gnu11", "-O2"), tmp);
        CompilerFacts facts = new CompilerProbe(tmp).facts(flags);
        String dm = gcc("gcc", "-std=gnu11", "-O2", "-dM", "-E", "-x", "c", "/dev/null");
        assertTrue(dm.contains("#define __GNUC__ " + facts.macros().get("__GNUC__")), facts.macros().get("__GNUC__"));
        assertEquals("1", facts.macros().get("__OPTIMIZE__"));
        assertTrue(dm.lines().filter(l -> l.startsWith("#define ")).count() <= facts.macros().size());
        assertTrue(facts.systemIncludes().contains(Path.of("/usr/include")), facts.systemIncludes().toString());
        assertEquals("1", facts.macros().get(CompilerProbe.ATTRIBUTE_PREFIX + "__noinline__"));
        assertFalse(facts.macros().containsKey(CompilerProbe.ATTRIBUTE_PREFIX + "__overloadable__"),
                "gcc has no overloadable attribute");
        try (Stream<Path> s = Files.list(tmp)) {
            Path cached = s.filter(p -> p.toString().endsWith(".txt")).findFirst().orElseThrow();
            assertEquals(facts, new CompilerProbe(tmp).facts(flags), "read back from " + cached);
        }
    }

    @Test
    void nostdincHasNoSystemDirs() throws Exception {
        CompilerFacts facts = new CompilerProbe(tmp).facts(ArgumentParser.parse(List.of("gcc", "-nostdinc"), tmp));
        assertTrue(facts.systemIncludes().isEmpty(), facts.systemIncludes().toString());
    }
}
