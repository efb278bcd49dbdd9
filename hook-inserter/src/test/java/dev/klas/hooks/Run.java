package dev.klas.hooks;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a real process to completion; output is captured through files so that large outputs never block. */
public record Run(int exit, String out, String err, List<String> command) {

    public static Run of(Path dir, Map<String, String> env, List<String> command) {
        try {
            Path out = Files.createTempFile(dir, "out", ".txt");
            Path err = Files.createTempFile(dir, "err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                kill(p);
                throw new AssertionError("still running after 120 s, killed with its child processes: " + command
                        + "\nstdout:\n" + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), command);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static Run of(Path dir, List<String> command) {
        return of(dir, Map.of(), command);
    }

    /** Kills a process and its descendants (listed first: once it is dead they are no longer its descendants). */
    public static void kill(Process p) {
        List<ProcessHandle> tree = p.descendants().toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** Fails with the command and its output unless the exit status is 0. */
    Run ok() {
        if (exit != 0) {
            throw new AssertionError("exit " + exit + " from " + command + "\nstdout:\n" + out + "\nstderr:\n" + err);
        }
        return this;
    }

    /** The number after "PREFIX " on the first stdout line starting with PREFIX. */
    long number(String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix + " ")).findFirst()
                .map(l -> Long.parseLong(l.substring(prefix.length() + 1).trim().split("\\s+")[0]))
                .orElseThrow(() -> new AssertionError("no line '" + prefix + "' in:\n" + out + "\nstderr:\n" + err));
    }
}
