package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * klas run needs -- before the program (otherwise the program's --help would be klas's), and a refusal for another
 * build names at most five problems and counts the rest.
 */
class RunUsageTest {
    @Test
    void withoutDashesTheProgramsOptionsAreNotTaken(@TempDir Path tmp) {
        Sample sample = Sample.make(tmp);
        Path woven = tmp.resolve("woven");
        Run w = Run.klas("weave", "--aspect", Run.repo().resolve("samples/aspects/log_reset_len.xml").toString(),
                "--binary", sample.o2().toString(), "--db", sample.db().toString(), "--target", "userspace", "--out",
                woven.toString());
        assertEquals(0, w.exitCode(), w.err());

        Run noDashes = Run.klas("run", "--woven", woven.toString(), sample.o2().toString(), "20", "3");
        assertEquals(ExitCode.USAGE, noDashes.exitCode(), noDashes.err());
        assertTrue(noDashes.err().contains("put -- before the program"), noDashes.err());

        Run other = Run.klas("run", "--woven", woven.toString(), "--", sample.build().resolve("mbuf-user-O0").toString());
        assertEquals(ExitCode.INVALID_INPUT, other.exitCode(), other.err());
        assertTrue(other.err().contains("the plan was made for another build"), other.err());
        long listed = other.err().lines().filter(l -> l.startsWith("  ") && !l.startsWith("  ...")).count();
        assertTrue(listed <= 5, other.err());
        assertTrue(other.err().matches("(?s).*\\n  \\.\\.\\. and \\d+ more\\n.*"), other.err());
    }
}
