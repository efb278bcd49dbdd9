package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.schema.Mutator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** 1,000 mutated samples through {@code klas validate}: exit 0 or 1, a message, never a stack trace. */
class ValidateRobustnessTest {

    @Test
    @Timeout(600)
    void mutatedSamplesEndWithExitZeroOrOneAndAMessage(@TempDir Path dir) throws IOException {
        List<Path> samples;
        try (Stream<Path> s = Files.list(Run.repo().resolve("samples/aspects"))) {
            samples = s.sorted().toList();
        }
        Mutator mutator = new Mutator(7L);
        for (int i = 0; i < 1000; i++) {
            Path sample = samples.get(i % samples.size());
            Path mutated = dir.resolve("m" + i + ".xml");
            Files.write(mutated, mutator.mutate(Files.readAllBytes(sample)));
            Run r = Run.klas("validate", mutated.toString());
            String what = "mutation " + i + " of " + sample.getFileName() + ": exit " + r.exitCode() + "\n" + r.err();
            assertTrue(r.exitCode() == 0 || r.exitCode() == 1, what);
            if (r.exitCode() == 0) {
                assertFalse(r.out().isBlank(), what);
            } else {
                assertTrue(r.err().startsWith(mutated + ":"), what);
                assertTrue(r.out().isEmpty(), what);
            }
            assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), what);
            Files.delete(mutated);
        }
    }
}
