package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code klas inspect --pid}: the bindings the parts runtime of samples/libgreet's service interposed, against
 * readelf: every JUMP_SLOT or GLOB_DAT relocation of the caller whose symbol the selector names and the callee
 * defines is one GOT slot of a binding of that symbol.
 */
class InspectPartsBindingsTest {
    @TempDir
    Path tmp;

    @Test
    void bindingsAreTheSelectedGotSlotsReadelfShows() throws Exception {
        Path dir = Greet.build(tmp.resolve("greet"));
        Map<String, String> env = Map.of("LD_PRELOAD", dir.resolve("libklas-parts.so").toString(),
                "KLAS_PARTS", "main|libgreet*|greet*;libgreet*|main|service_*");
        try (Greet g = Greet.start(dir, 1, env)) {
            String pid = Integer.toString(g.pid());
            assertBindings(dir, dir.resolve("service"), "greet*", dir.resolve("libgreet.so"), "libgreet.so", pid);
            assertBindings(dir, dir.resolve("libgreet.so"), "service_*", dir.resolve("service"), "main", pid);
            Run text = Run.klas("inspect", "--pid", pid, dir.resolve("service").toString());
            assertTrue(text.out().matches("(?s).*\nparts runtime  pid " + pid + ", segment main: \\d+ bindings"
                    + " interposed, \\d+ GOT slots\n  greet\\S* +-> libgreet.so +\\d+ slots?.*"), text.out());
        }
        Run none = Run.klas("inspect", "--pid", "999999999", dir.resolve("service").toString());
        assertEquals(ExitCode.INVALID_INPUT, none.exitCode(), none.err());
    }

    private static void assertBindings(Path dir, Path caller, String glob, Path callee, String calleeName, String pid)
            throws Exception {
        Run r = Run.klas("inspect", "--format", "json", "--pid", pid, caller.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode parts = new ObjectMapper().readTree(r.out()).get("parts");
        Map<String, Integer> klas = new TreeMap<>();
        for (JsonNode b : parts.get("bindings")) {
            assertEquals(calleeName, b.get("to").asText(), b.toString());
            klas.merge(b.get("symbol").asText(), b.get("slots").asInt(), Integer::sum);
        }
        ReadelfLinking callerElf = ReadelfLinking.of(dir, caller);
        ReadelfLinking calleeElf = ReadelfLinking.of(dir, callee);
        var matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        Map<String, Integer> oracle = new TreeMap<>();
        for (ReadelfLinking.Reloc x : callerElf.relocations) {
            if ((x.type().equals("R_X86_64_JUMP_SLOT") || x.type().equals("R_X86_64_GLOB_DAT"))
                    && matcher.matches(Path.of(x.symbol())) && calleeElf.definedSymbols.containsKey(x.symbol())) {
                oracle.merge(x.symbol(), 1, Integer::sum);
            }
        }
        assertTrue(!oracle.isEmpty(), "readelf shows no slot of " + glob + " in " + caller);
        assertEquals(oracle, klas, caller + " bindings");
        assertEquals(oracle.values().stream().mapToInt(Integer::intValue).sum(), parts.get("slots").asInt());
    }
}
