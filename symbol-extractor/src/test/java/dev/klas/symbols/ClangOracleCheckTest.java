package dev.klas.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The oracle's own check, scripts/tests/check-clang-member-oracle: the oracle against the expectations written in
 * scripts/tests/oracle/members.c and members.h, with and without --headers. Skipped only when libclang or
 * python3-clang-14 is missing (the oracle exits 4) and heavy tests are off; with -Dklas.heavy=true a missing
 * oracle fails.
 */
class ClangOracleCheckTest {
    @TempDir
    Path tmp;

    @Test
    void oracleMeetsTheExpectationsOfItsFixture() throws Exception {
        Path scripts = ClangOracle.repo().resolve("scripts");
        Path probe = tmp.resolve("empty.json");
        Files.writeString(probe, "[]");
        Result env = run(List.of(scripts.resolve("clang-member-oracle").toString(), "--compile-commands",
                probe.toString(), "nowhere.c"), 60);
        if (env.exit() == 4) {
            String why = "the clang oracle cannot run: " + env.output().strip()
                    + " (scripts/install-packages base installs clang-14 and python3-clang-14)";
            if (Boolean.getBoolean("klas.heavy")) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        assertEquals(1, env.exit(), "a source without entry: " + env.output());
        Result check = run(List.of(scripts.resolve("tests/check-clang-member-oracle").toString()), 600);
        assertEquals(0, check.exit(), check.output());
        assertTrue(check.output().contains("PASSED: "), check.output());
    }

    record Result(int exit, String output) {
    }

    private Result run(List<String> cmd, int seconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " did not finish within " + seconds + " s:\n" + Files.readString(out));
        }
        return new Result(p.exitValue(), Files.readString(out));
    }
}
