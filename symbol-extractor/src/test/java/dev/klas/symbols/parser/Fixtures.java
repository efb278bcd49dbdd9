package dev.klas.symbols.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Compiles a fixture with gcc, so that every fixture is proven to be valid GNU C. */
final class Fixtures {
    private Fixtures() {
    }

    /** Runs {@code gcc -std=gnu11 -Wall -c FILE -o TMP.o} and fails the test if gcc does. */
    static void compile(Path source) throws Exception {
        Path obj = Files.createTempFile("fixture", ".o");
        try {
            List<String> cmd = new ArrayList<>(FixtureExtractionTest.GCC);
            cmd.addAll(List.of(source.toString(), "-o", obj.toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), String.join(" ", cmd) + "\n" + out);
        } finally {
            Files.deleteIfExists(obj);
        }
    }
}
