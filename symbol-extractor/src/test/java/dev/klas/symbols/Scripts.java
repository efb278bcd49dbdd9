package dev.klas.symbols;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Runs a script of the repository's scripts/ folder and returns its stdout; fails on a non-zero exit. */
final class Scripts {
    private Scripts() {
    }

    static String run(String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ClangOracle.repo().resolve("scripts").resolve(script).toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes());
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + rc
                    + (rc == 4 ? " (tree not prepared: run scripts/prepare-kernel-tree)" : ""));
        }
        return out;
    }
}
