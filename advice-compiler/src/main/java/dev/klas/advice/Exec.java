package dev.klas.advice;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a tool (gcc, make) to its end within a time limit. Its stdin is /dev/null, so a tool that asks a question
 * reads end of file instead of waiting for an answer; its output goes to a file, so a grandchild that keeps the
 * output open cannot block the reader. Past the limit the whole process tree is killed and {@link TimedOut} names
 * the command with the output so far.
 */
public final class Exec {
    private static final File NULL = new File("/dev/null");
    private static final int TAIL = 4000;

    private Exec() {
    }

    /** Exit status and output (stdout and stderr merged) of a finished tool. */
    public record Result(int exit, String output) {
    }

    /** A process still running when its time limit passed; it and its descendants were killed. */
    public static final class TimedOut extends IOException {
        private static final long serialVersionUID = 1L;

        public TimedOut(List<String> command, Duration limit, String output) {
            super(String.join(" ", command) + ": still running after " + limit.toSeconds() + " s, killed with its"
                    + " child processes" + (output.isEmpty() ? "" : "; its last output:\n" + tail(output)));
        }
    }

    /** Runs {@code pb} (its redirects are replaced) and waits at most {@code limit}. */
    public static Result run(ProcessBuilder pb, Duration limit) throws IOException, InterruptedException {
        Path out = Files.createTempFile("klas-exec", ".out");
        try {
            pb.redirectErrorStream(true).redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(NULL));
            Process p = pb.start();
            try {
                if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill(p);
                    throw new TimedOut(pb.command(), limit, Files.readString(out, StandardCharsets.UTF_8));
                }
            } catch (InterruptedException e) {
                kill(p);
                throw e;
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /**
     * Waits at most {@code limit} for a process started elsewhere; past it kills the tree and throws {@link TimedOut}
     * naming {@code command}.
     */
    public static int await(Process p, List<String> command, Duration limit) throws IOException, InterruptedException {
        try {
            if (p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                return p.exitValue();
            }
        } catch (InterruptedException e) {
            kill(p);
            throw e;
        }
        kill(p);
        throw new TimedOut(command, limit, "");
    }

    /** Kills a process and its descendants (listed first: once it is dead they are no longer its descendants). */
    public static void kill(Process p) {
        List<ProcessHandle> tree = p.descendants().toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(String output) {
        return output.length() <= TAIL ? output : "..." + output.substring(output.length() - TAIL);
    }
}
