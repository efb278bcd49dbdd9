package dev.klas.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.dwarf.DwarfInfo;
import dev.klas.resolve.elf.ElfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Indexes the whole line table of the Debian debug vmlinux and prints (does not assert) the time next to
 * {@code readelf --debug-dump=decodedline > /dev/null} in the same run. Heavy: {@code -Dklas.heavy=true}.
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
                "--debug-dump=decodedline", vmlinux.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(0, readelf.waitFor());
        long t2 = System.nanoTime();
        String[] cpu = Files.readString(times).trim().split("\\s+");
        double readelfCpu = Double.parseDouble(cpu[0]) + Double.parseDouble(cpu[1]);
        Files.delete(times);
        System.out.printf("first build CPU (this thread): %.2f s; readelf CPU (user+sys): %.2f s; CPU ratio "
                + "readelf/klas %.2f%n", (c1 - c0) / 1e9, readelfCpu, readelfCpu / ((c1 - c0) / 1e9));
        assertTrue(index.rowCount() > 1_000_000, "rows " + index.rowCount());
        LineLookup tcp = index.lookup("net/ipv4/tcp.c", 1000);
        assertTrue(!(tcp instanceof LineLookup.NoSuchFile), "net/ipv4/tcp.c is in the kernel");
        List<String> files = index.files();
        Random rnd = new Random(1);
        long t3 = System.nanoTime();
        int found = 0;
        for (int i = 0; i < 1000; i++) {
            String f = files.get(rnd.nextInt(files.size()));
            if (index.lookup(f, 1 + rnd.nextInt(200)) instanceof LineLookup.Found) {
                found++;
            }
        }
        long t4 = System.nanoTime();
        System.out.printf("vmlinux line index: %d rows, %d files, %.2f s (first run in this JVM, incl. JIT warm-up); "
                        + "readelf --debug-dump=decodedline > /dev/null: %.2f s; ratio readelf/klas %.2f; "
                        + "1000 lookups: %.1f ms (%d found)%n", index.rowCount(), files.size(), (t1 - t0) / 1e9,
                (t2 - t1b) / 1e9, (double) (t2 - t1b) / (t1 - t0), (t4 - t3) / 1e6, found);
    }
}
