package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** query / export / validate / weave on segment-call pointcuts over samples/mbuf-user: said plainly, never a crash. */
class SegmentCallCommandsTest {
    @TempDir
    static Path tmp;
    static Sample sample;

    @BeforeAll
    static void build() {
        sample = Sample.make(tmp);
    }

    @Test
    void querySaysThatASegmentCallHasNoShadow() {
        Run r = Run.klas("query", "--db", sample.db().toString(), "segment-call(\"main\", \"libc.so*\", \"malloc\")");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().contains("selects no shadow in the source"), r.err());
        Run mixed = Run.klas("query", "--db", sample.db().toString(), "segment-call(\"main\", \"x\") && call(f)");
        assertEquals(1, mixed.exitCode(), mixed.err());
        assertTrue(mixed.err().startsWith("<pointcut>:1:27: a segment-call(...) cannot be combined with '&&'"),
                mixed.err());
    }

    @Test
    void exportRefusesIt() {
        Run r = Run.klas("export", "--db", sample.db().toString(), "--binary", sample.o2().toString(), "--format",
                "bpftrace", "segment-call(\"main\", \"libc.so*\")");
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("has no place in the code to probe"), r.err());
    }

    @Test
    void validateCountsSegmentCalls() throws Exception {
        Path a = Files.writeString(tmp.resolve("seg.xml"), "<aspects><aspect name=\"s\"><pointcut>"
                + "<segment-call from=\"main\" to=\"libc.so*\" function=\"malloc\"/><segment-call from=\"main\" to=\"x\"/>"
                + "</pointcut><advice-after>(void)klas_retval;</advice-after></aspect>"
                + "<aspect name=\"f\"><pointcut><execution function=\"m_get\"/></pointcut>"
                + "<advice-before>(void)0;</advice-before></aspect></aspects>");
        Run r = Run.klas("validate", a.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("s\tsegment-call(\"main\", \"libc.so*\", \"malloc\") || segment-call(\"main\", \"x\")"
                + "\t0 before, 1 after\n"), r.out());
        assertEquals("2 aspects: 1 woven at source places, 1 on segment calls (2 segment-call selectors, matched at"
                + " run time)\n", r.err());
        Run json = Run.klas("validate", "--format", "json", a.toString());
        assertTrue(json.out().contains("\"segmentCalls\" : 2"), json.out());
    }

    @Test
    void weaveWithOnlyUnmatchableSegmentCallsWritesNothing() throws Exception {
        Path a = Files.writeString(tmp.resolve("none.xml"), "<aspect name=\"n\"><pointcut>"
                + "<segment-call from=\"main\" to=\"libnothing*\"/></pointcut><advice-before>(void)0;</advice-before>"
                + "</aspect>");
        Path out = tmp.resolve("none-woven");
        Run r = Run.klas("weave", "--aspect", a.toString(), "--binary", sample.o2().toString(), "--target",
                "userspace", "--out", out.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("no segment-call can match an object") && r.err().contains("libnothing*"), r.err());
        assertTrue(!Files.exists(out));
        Run k = Run.klas("weave", "--aspect", a.toString(), "--binary", sample.o2().toString(), "--target",
                "linux-kprobes", "--out", tmp.resolve("k").toString());
        assertEquals(1, k.exitCode(), k.err());
        assertTrue(k.err().contains(a + ":1:1: aspect n: segment-call(...)") && k.err().contains("linux-kprobes"),
                k.err());
    }
}
