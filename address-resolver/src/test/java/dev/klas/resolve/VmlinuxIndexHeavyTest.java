package dev.klas.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.dwarf.DwarfInfo;
import dev.klas.resolve.elf.ElfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Indexes the whole line table of the Debian debug vmlinux, prints (does not assert) the time next to
 * {@code readelf --debug-dump=decodedline} in the same run, and checks the lookups of every line of a sample of the
 * files against readelf's rows ({@link DecodedLinesCheck}). Heavy: {@code -Dklas.heavy=true}.
 */
class VmlinuxIndexHeavyTest {
    @Test
    void indexesVmlinuxAndAnswersLineQueries() throws Exception {
        Heavy.require();
        Path vmlinux = Heavy.debugVmlinux();
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        ElfFile elf = ElfFile.open(vmlinux);
        LineIndex index = LineIndex.build(DwarfInfo.of(elf));
        long t1 = System.nanoTime();
        long c1 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < 2; i++) {
            long w0 = System.nanoTime();
            long cw = threads.getCurrentThreadCpuTime();
            LineIndex.build(DwarfInfo.of(ElfFile.open(vmlinux)));
            System.out.printf("vmlinux line index, repeat %d in the same JVM: %.2f s wall, %.2f s CPU%n", i + 1,
                    (System.nanoTime() - w0) / 1e9, (threads.getCurrentThreadCpuTime() - cw) / 1e9);
        }
        Path times = Files.createTempFile("klas-readelf", ".time");
        long t1b = System.nanoTime();
        Process readelf = new ProcessBuilder("/usr/bin/time", "-f", "%U %S", "-o", times.toString(), "readelf",
                "--debug-dump=decodedline", "-W", vmlinux.toString()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        readelf.getOutputStream().close();
        DecodedLines oracle;
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(readelf.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8), 1 << 16)) {
            oracle = DecodedLines.read(out, DecodedLinesCheck::sampled);
        }
        assertTrue(readelf.waitFor(10, java.util.concurrent.TimeUnit.MINUTES), "readelf did not finish");
        assertEquals(0, readelf.exitValue());
        long t2 = System.nanoTime();
        String[] cpu = Files.readString(times).trim().split("\\s+");
        double readelfCpu = Double.parseDouble(cpu[0]) + Double.parseDouble(cpu[1]);
        Files.delete(times);
        System.out.printf("first build CPU (this thread): %.2f s; readelf CPU (user+sys): %.2f s; CPU ratio "
                + "readelf/klas %.2f%n", (c1 - c0) / 1e9, readelfCpu, readelfCpu / ((c1 - c0) / 1e9));
        assertTrue(index.rowCount() > 1_000_000, "rows " + index.rowCount());
        LineLookup tcp = index.lookup("net/ipv4/tcp.c", 1000);
        assertTrue(!(tcp instanceof LineLookup.NoSuchFile), "net/ipv4/tcp.c is in the kernel");
        long t3 = System.nanoTime();
        DecodedLinesCheck.Tally tally = DecodedLinesCheck.compare(index, oracle);
        long t4 = System.nanoTime();
        System.out.printf("vmlinux line index: %d rows, %d files, %.2f s (first run in this JVM, incl. JIT warm-up); "
                        + "readelf --debug-dump=decodedline read by the oracle: %.2f s; ratio readelf/klas %.2f; "
                        + "%s in %.1f ms%n", index.rowCount(), index.files().size(), (t1 - t0) / 1e9,
                (t2 - t1b) / 1e9, (double) (t2 - t1b) / (t1 - t0), tally, (t4 - t3) / 1e6);
        assertTrue(tally.problems().isEmpty(), tally.problems().size() + " lookups differ from readelf:\n"
                + String.join("\n", tally.problems().subList(0, Math.min(40, tally.problems().size()))));
        assertTrue(tally.found() >= 1000 && tally.noCode() >= 100, "too few lookups compared: " + tally);
    }
}
