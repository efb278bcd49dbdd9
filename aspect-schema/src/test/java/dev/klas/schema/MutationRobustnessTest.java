package dev.klas.schema;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * 1,000 mutated versions of the samples: the loader either accepts one or rejects it with positioned errors;
 * nothing else escapes and nothing hangs (a generous per-file limit catches a hang; it is not a timing test).
 * Every mutant the loader accepts must be valid under the XSD too, checked by javax.xml.validation on the bytes.
 */
class MutationRobustnessTest {

    @Test
    void thousandMutationsEndInAspectsOrPositionedErrors() throws Exception {
        List<Path> samples = Fixtures.samples();
        Mutator mutator = new Mutator(20261122L);
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mutation");
            t.setDaemon(true);
            return t;
        });
        int rejected = 0;
        int checkedAgainstXsd = 0;
        try {
            for (int i = 0; i < 1000; i++) {
                Path sample = samples.get(i % samples.size());
                byte[] bytes = mutator.mutate(Files.readAllBytes(sample));
                Future<Boolean> outcome = pool.submit(() -> accepted(sample.getFileName().toString(), bytes));
                try {
                    if (!outcome.get(30, TimeUnit.SECONDS)) {
                        rejected++;
                    } else {
                        assertTrue(Fixtures.validUnderXsd(bytes), "mutation " + i + " of " + sample
                                + ": the loader accepts what the XSD refuses:\n" + new String(bytes, UTF_8));
                        checkedAgainstXsd++;
                    }
                } catch (TimeoutException e) {
                    fail("mutation " + i + " of " + sample + " did not finish:\n" + new String(bytes));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(rejected > 300, "most mutations are invalid; rejected only " + rejected);
        assertTrue(checkedAgainstXsd > 200, "accepted mutants checked against the XSD: " + checkedAgainstXsd);
    }

    private static boolean accepted(String name, byte[] bytes) {
        try {
            assertFalse(AspectLoader.parse(name, bytes).isEmpty());
            return true;
        } catch (InvalidAspectException e) {
            for (AspectError error : e.errors()) {
                assertTrue(error.position().file().equals(name) && error.position().line() >= 1
                        && error.position().column() >= 1 && !error.message().isBlank(), error.render());
            }
            return false;
        }
    }
}
