package dev.klas.weaver;

import dev.klas.advice.Exec;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A finished child process: exit status, stdout, stderr. */
record Proc(int exit, String out, String err) {
    /** A hang guard: past it the process tree is killed and the test fails naming the command. */
    static final Duration LIMIT = Duration.ofMinutes(5);
    private static final ProcessBuilder.Redirect NO_INPUT = ProcessBuilder.Redirect.from(new File("/dev/null"));

    static Proc run(Path dir, Map<String, String> env, List<String> cmd) {
        try {
            Path out = Files.createTempFile("proc", ".out");
            Path err = Files.createTempFile("proc", ".err");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectInput(NO_INPUT)
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            int exit = Exec.await(pb.start(), cmd, LIMIT);
            Proc p = new Proc(exit, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return p;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Proc ok() {
        if (exit != 0) {
            throw new AssertionError("exit " + exit + "\n" + out + err);
        }
        return this;
    }
}
