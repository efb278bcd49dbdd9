package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

    private static String[] samples() throws IOException {
        try (Stream<Path> s = Files.list(Run.repo().resolve("samples/aspects"))) {
            return Stream.concat(Stream.of("validate"), s.sorted().map(Path::toString)).toArray(String[]::new);
        }
    }

    @Test
    void samplesAreValidAndPrintNamesWithNormalizedPointcuts() throws IOException {
        Run r = Run.klas(samples());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("log_reset_len\tfield-access(mbuf.m_len)\t1 before, 0 after"), r.out());
        assertTrue(r.out().contains("hdr_writes_outside_free\tset(mbuf_hdr.mh_*) && !withincode(m_free*)"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void malformedFilePrintsPositionExitsOneAndWritesNothingToStdout(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.xml");
        Files.writeString(bad, "<aspect name=\"a\">\n  <pointcut expr=\"set(mbuf.) \"/>\n"
                + "  <advice-before>x();</advice-before>\n</aspect>\n");
        Run r = Run.klas("validate", bad.toString());
        assertEquals(ExitCode.INVALID_INPUT, r.exitCode());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith(bad + ":2:28: unexpected ')', expected a name\n"), r.err());
        assertTrue(r.err().contains("  set(mbuf.) \n           ^"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void duplicateNamesAcrossFiles(@TempDir Path dir) throws IOException {
        String xml = "<aspect name=\"same\"><pointcut><call function=\"f\"/></pointcut>"
                + "<advice-before>x();</advice-before></aspect>";
        Path a = Files.writeString(dir.resolve("a.xml"), xml);
        Path b = Files.writeString(dir.resolve("b.xml"), xml);
        Run r = Run.klas("validate", a.toString(), b.toString());
        assertEquals(ExitCode.INVALID_INPUT, r.exitCode());
        assertTrue(r.err().startsWith(b + ":1:1: duplicate aspect name 'same' (first defined at " + a + ":1:1)"), r.err());
    }

    @Test
    void missingFileAndUsageErrors() {
        Run missing = Run.klas("validate", "/no/such/aspect.xml");
        assertEquals(ExitCode.INVALID_INPUT, missing.exitCode());
        assertEquals("/no/such/aspect.xml: no such file\n", missing.err());
        Run usage = Run.klas("validate");
        assertEquals(ExitCode.USAGE, usage.exitCode());
        assertTrue(usage.err().contains("Missing required parameter: 'ASPECT'"), usage.err());
        Run unknown = Run.klas("frobnicate");
        assertEquals(ExitCode.USAGE, unknown.exitCode());
        Run noSub = Run.klas();
        assertEquals(ExitCode.USAGE, noSub.exitCode());
        assertTrue(noSub.err().contains("a subcommand is needed"), noSub.err());
    }

    @Test
    void versionAndHelp() {
        Run v = Run.klas("--version");
        assertEquals(0, v.exitCode());
        assertTrue(v.out().matches("klas \\d+\\.\\d+\\.\\d+.*\\n"), v.out());
        Run h = Run.klas("help", "validate");
        assertEquals(0, h.exitCode());
        assertTrue(h.out().contains("Usage: klas validate"), h.out());
        Run top = Run.klas("--help");
        assertTrue(top.out().contains("70") && top.out().contains("internal error"), top.out());
    }

    @Test
    void debugPrintsStackTraceOnlyWhenAsked(@TempDir Path dir) throws IOException {
        Path unreadable = dir.resolve("dir.xml");
        Files.createDirectory(unreadable);
        Run plain = Run.klas("validate", unreadable.toString());
        assertEquals(ExitCode.INVALID_INPUT, plain.exitCode());
        assertFalse(plain.err().contains("\tat "), plain.err());
        assertEquals(List.of(unreadable + ": cannot read: Is a directory"), plain.err().lines().toList());
    }
}
