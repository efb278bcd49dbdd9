package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.Exec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exports attached for real to samples/mbuf-user -O2 (root needed for uprobes): the perf-probe script adds one
 * uprobe per join point and {@code perf stat} counts them over a run; bpftrace runs the script over a run. Each
 * count equals the sample's oracle build for the same arguments. A probe at the wrong place, or at several places,
 * changes the count; a mid-instruction probe kills the program.
 */
class ExportAttachTest {
    @TempDir
    static Path tmp;
    static Sample sample;

    @BeforeAll
    static void build() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "uprobes need root");
        sample = Sample.make(tmp);
    }

    @Test
    void perfCountsEveryWriteOnce() throws Exception {
        Path script = tmp.resolve("probes.sh");
        Run r = Run.klas("--quiet", "export", "--db", sample.db().toString(), "--binary", sample.o2().toString(),
                "--format", "perf-probe", "--out", script.toString(), "set(mbuf.m_len)");
        assertEquals(0, r.exitCode(), r.err());
        run(List.of("perf", "probe", "-q", "-d", "klas:*"), false);
        try {
            run(List.of("sh", script.toString()), true);
            String stat = run(List.of("perf", "stat", "-x,", "-e", "klas:*", sample.o2().toString(), "20", "3"), true);
            long hits = 0;
            int events = 0;
            for (String line : stat.lines().toList()) {
                Matcher m = Pattern.compile("^(\\d+),,klas:klas_\\d+,").matcher(line);
                if (m.find()) {
                    hits += Long.parseLong(m.group(1));
                    events++;
                }
            }
            assertEquals(Files.readString(script).lines().filter(l -> l.startsWith("perf probe")).count(), events, stat);
            long oracle = oracle("set_m_len", "20", "3");
            assertTrue(oracle > 0);
            assertEquals(oracle, hits, stat);
        } finally {
            run(List.of("perf", "probe", "-q", "-d", "klas:*"), false);
        }
    }

    @Test
    void bpftraceCountsEveryEntry() throws Exception {
        Path script = tmp.resolve("probes.bt");
        Run r = Run.klas("--quiet", "export", "--db", sample.db().toString(), "--binary", sample.o2().toString(),
                "--format", "bpftrace", "--out", script.toString(), "execution(m_get*)");
        assertEquals(0, r.exitCode(), r.err());
        String out = run(List.of("bpftrace", script.toString(), "-c", sample.o2() + " 20 3"), true);
        long hits = out.lines().filter(l -> l.startsWith("klas ")).count();
        long oracle = oracle("execution_m_get", "20", "3");
        assertTrue(oracle > 0);
        assertEquals(oracle, hits, out);
    }

    private static long oracle(String counter, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(sample.build().resolve("mbuf-user-oracle").toString()));
        cmd.addAll(List.of(args));
        Matcher m = Pattern.compile("(?m)^oracle " + counter + "=(\\d+)$").matcher(run(cmd, true));
        assertTrue(m.find());
        return Long.parseLong(m.group(1));
    }

    /** Runs a command with a 120 s bound (Exec kills it and its children past that); its output and error together. */
    private static String run(List<String> cmd, boolean mustSucceed) throws IOException, InterruptedException {
        Exec.Result r = Exec.run(new ProcessBuilder(cmd), Duration.ofSeconds(120));
        if (mustSucceed && r.exit() != 0) {
            throw new AssertionError(cmd + " exited " + r.exit() + ":\n" + r.output());
        }
        return r.output();
    }
}
