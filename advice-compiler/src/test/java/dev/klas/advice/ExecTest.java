package dev.klas.advice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exec against real processes: a tree past its limit is killed, stdin is empty, output is read to the end. */
class ExecTest {
    @TempDir
    Path tmp;

    @Test
    void aTreePastItsLimitIsKilledAndNamed() throws Exception {
        Path pid = tmp.resolve("child.pid");
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "sleep 600 & echo $! > " + pid + "; echo started; wait");
        Exec.TimedOut e = assertThrows(Exec.TimedOut.class, () -> Exec.run(pb, Duration.ofSeconds(2)));
        assertTrue(e.getMessage().startsWith("sh -c sleep 600 & ") && e.getMessage().contains("killed"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("started\n"), "the output so far: " + e.getMessage());
        Path stat = Path.of("/proc", Files.readString(pid).trim(), "stat");
        for (int i = 0; i < 100 && running(stat); i++) {
            Thread.sleep(50);
        }
        assertFalse(running(stat), "the grandchild (sleep 600) was killed too");
    }

    /** Whether /proc/PID/stat shows a process that is neither gone nor a zombie waiting for its reaper. */
    private static boolean running(Path stat) {
        try {
            String s = Files.readString(stat);
            return s.charAt(s.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void stdinIsEmptyAndAGrandchildHoldingTheOutputDoesNotBlock() throws Exception {
        Exec.Result r = Exec.run(new ProcessBuilder("sh", "-c", "cat; (sleep 3 &); echo done"),
                Duration.ofSeconds(60));
        assertEquals(new Exec.Result(0, "done\n"), r);
    }

    @Test
    void awaitKillsAProcessStartedElsewhere() throws Exception {
        Process p = new ProcessBuilder("sleep", "600").start();
        assertThrows(Exec.TimedOut.class, () -> Exec.await(p, java.util.List.of("sleep", "600"),
                Duration.ofSeconds(1)));
        assertFalse(p.isAlive());
    }
}
