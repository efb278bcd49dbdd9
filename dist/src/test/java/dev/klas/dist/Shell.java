package dev.klas.dist;

import dev.klas.advice.Exec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Runs the commands of the distribution tests and finds what {@code mvn package} made in target/. */
final class Shell {
    /** A hang guard: apt-get and a first klas start (which writes the class-data archive) finish well within it. */
    static final Duration LIMIT = Duration.ofMinutes(5);

    private Shell() {
    }

    /** Runs a command with extra environment variables; returns its exit code and output (stdout and stderr). */
    static Exec.Result run(Path dir, Map<String, String> env, String... command) {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        try {
            return Exec.run(pb, LIMIT);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Like {@link #run} but fails the test on a non-zero exit; returns the output. */
    static String ok(Path dir, Map<String, String> env, String... command) {
        Exec.Result r = run(dir, env, command);
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + r.exit() + ":\n" + r.output());
        }
        return r.output();
    }

    /** The version Maven built (klas --version prints "klas VERSION"). */
    static String version() {
        return System.getProperty("klas.version", "unknown");
    }

    /** The repository's root folder. */
    static Path repo() {
        return Path.of(System.getProperty("klas.repo", "..")).toAbsolutePath().normalize();
    }

    /** The one file in dist/target whose name starts with {@code prefix} and ends with {@code suffix}. */
    static Path built(String prefix, String suffix) throws IOException {
        Path target = Path.of(System.getProperty("klas.dist.target", "target"));
        try (Stream<Path> files = Files.list(target)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(suffix)).toList();
            if (found.size() != 1) {
                throw new AssertionError("expected one " + prefix + "*" + suffix + " in " + target + " (mvn package "
                        + "makes it), found " + found);
            }
            return found.get(0);
        }
    }
}
