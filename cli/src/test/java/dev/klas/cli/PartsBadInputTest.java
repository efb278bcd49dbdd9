package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** state / quiesce / swap / profile refuse what is not a process running the klas runtime, with their exit codes. */
class PartsBadInputTest {
    @TempDir
    Path tmp;

    private static String exitedPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        Tools.await(p, List.of("true"));
        return Long.toString(p.pid());
    }

    private static String self() {
        return Long.toString(ProcessHandle.current().pid());
    }

    @Test
    void noProcessAndNoRuntime() throws Exception {
        Run gone = Run.klas("state", "--pid", exitedPid());
        assertEquals(1, gone.exitCode(), gone.err());
        assertTrue(gone.err().contains("no process"), gone.err());
        Run plain = Run.klas("quiesce", "--pid", self(), "--segment", "lib*");
        assertEquals(1, plain.exitCode(), plain.err());
        assertTrue(plain.err().contains("is not running the klas runtime with program parts (no /dev/shm/klas-"),
                plain.err());
        assertFalse(plain.err().contains("Exception"), plain.err());
        Run prof = Run.klas("profile", "--pid", self());
        assertEquals(1, prof.exitCode(), prof.err());
    }

    @Test
    void aTableThatIsNotOursIsRefused() throws Exception {
        Path table = Path.of("/dev/shm/klas-" + self());
        Path sock = Path.of(table + ".sock");
        try {
            Files.write(table, new byte[4096]);
            Files.writeString(sock, "");
            Run r = Run.klas("state", "--pid", self());
            assertEquals(1, r.exitCode(), r.err());
            assertTrue(r.err().contains("not a klas parts table (magic)"), r.err());
        } finally {
            Files.deleteIfExists(table);
            Files.deleteIfExists(sock);
        }
    }

    @Test
    void usageErrors() throws Exception {
        assertEquals(2, Run.klas("quiesce", "--pid", self(), "--segment", "x", "--timeout", "soon").exitCode());
        assertEquals(2, Run.klas("quiesce", "--pid", self(), "--segment", "x", "--timeout", "0ms").exitCode());
        assertEquals(2, Run.klas("profile", "--pid", self(), "--run").exitCode());
        Run noProgram = Run.klas("profile", "--run");
        assertEquals(2, noProgram.exitCode(), noProgram.err());
        assertTrue(noProgram.err().contains("--run needs a program"), noProgram.err());
        assertEquals(2, Run.klas("profile", "--run", "--segment-call", "main", "--", "true").exitCode());
        assertEquals(2, Run.klas("state").exitCode());
    }

    @Test
    void swapRefusesAFileThatIsNotASharedObjectBeforeAskingTheTarget() throws Exception {
        Path text = Files.writeString(tmp.resolve("v2.so"), "text");
        Run r = Run.klas("swap", "--pid", self(), "libgreet.so", text.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("not an ELF shared object") && r.err().contains("nothing done"), r.err());
        Run missing = Run.klas("swap", "--pid", self(), "libgreet.so", tmp.resolve("none.so").toString());
        assertEquals(1, missing.exitCode(), missing.err());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }

    @Test
    void durations() {
        assertEquals(500, Durations.millis("--t", "500ms"));
        assertEquals(2000, Durations.millis("--t", "2"));
        assertEquals(1500, Durations.millis("--t", "1.5s"));
        assertEquals(60_000, Durations.millis("--t", "1m"));
    }
}
