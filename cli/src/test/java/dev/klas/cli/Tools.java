package dev.klas.cli;

import dev.klas.advice.Exec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Runs the compilers and binutils that the tests use as builders and oracles. */
final class Tools {
    /** A hang guard for every process a test waits for: past it the tree is killed and the test fails. */
    static final Duration LIMIT = Duration.ofMinutes(5);
    static final ProcessBuilder.Redirect NO_INPUT = ProcessBuilder.Redirect.from(new File("/dev/null"));

    private Tools() {
    }

    /** Runs a command, fails the test on a non-zero exit, returns its output (stdout and stderr merged). */
    static String run(Path dir, String... command) {
        try {
            Exec.Result r = Exec.run(new ProcessBuilder(List.of(command)).directory(dir.toFile()), LIMIT);
            if (r.exit() != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + r.exit() + ":\n" + r.output());
            }
            return r.output();
        } catch (Exec.TimedOut e) {
            throw new AssertionError(e.getMessage(), e);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits for a process started by a test within {@link #LIMIT}; past it kills the tree and fails the test. */
    static int await(Process p, List<String> command) throws InterruptedException {
        try {
            return Exec.await(p, command, LIMIT);
        } catch (Exec.TimedOut e) {
            throw new AssertionError(e.getMessage(), e);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
