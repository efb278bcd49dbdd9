package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * klas log: the debugfs log lines of a kprobes module (the format klas_log.h writes; KernelGuardVmHeavyTest reads
 * the real file in the test bed) and the errors of a command line that names no loaded module.
 */
class LogCommandTest {
    private static final String TEXT = "msg\t12.000100\t1\tchatty: m_len at mbuf.c:21\n"
            + "drop\t12.000200\t0\t37\n"
            + "msg\t12.000300\t0\tchatty: tab\tinside\n";

    @Test
    void linesAreParsedAndPrintedWithTimeAndCpu() {
        List<KernelLog.Entry> e = KernelLog.parse(TEXT, Path.of("log"));
        assertEquals(List.of(new KernelLog.Message("12.000100", 1, "chatty: m_len at mbuf.c:21"),
                new KernelLog.Dropped("12.000200", 0, 37), new KernelLog.Message("12.000300", 0, "chatty: tab\tinside")),
                e);
        assertEquals("[   12.000100] cpu1 chatty: m_len at mbuf.c:21", e.get(0).text());
        assertEquals("[   12.000200] cpu0 -- 37 lines dropped (ring buffer full)", e.get(1).text());
    }

    @Test
    void badLinesAreNamedWithTheirPosition() {
        KlasException e = assertThrows(KlasException.class, () -> KernelLog.parse(TEXT + "drop\t1.0\tx\t3\n",
                Path.of("log")));
        assertEquals(ExitCode.INVALID_INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith("log:4: not a klas log line"), e.getMessage());
        assertThrows(KlasException.class, () -> KernelLog.parse("hook\t1\n", Path.of("log")));
    }

    @Test
    void aFileThatIsGoneMeansTheModuleWasUnloaded(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("log"), TEXT);
        assertEquals(3, KernelLog.drain(f).orElseThrow().size());
        Files.delete(f);
        assertTrue(KernelLog.drain(f).isEmpty());
    }

    @Test
    void badCommandLines() {
        check(Run.klas("log", "--module", "no_such_klas_module"), 1, "no module no_such_klas_module is loaded");
        check(Run.klas("log", "--module", "../x"), 2, "--module takes a module name");
        check(Run.klas("log", "--module", "x", "--follow", "--interval", "0"), 2, "--interval takes");
        check(Run.klas("log"), 2, "--module");
    }

    private static void check(Run r, int exit, String message) {
        assertEquals(exit, r.exitCode(), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }
}
