package dev.klas.weaver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A finished child process: exit status, stdout, stderr. */
record Proc(int exit, String out, String err) {
    static Proc run(Path dir, Map<String, String> env, List<String> cmd) {
        try {
            Path out = Files.createTempFile("proc", ".out");
            Path err = Files.createTempFile("proc", ".err");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            int exit = pb.start().waitFor();
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
