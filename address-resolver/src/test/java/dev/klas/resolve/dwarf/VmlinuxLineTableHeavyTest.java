package dev.klas.resolve.dwarf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.Heavy;
import dev.klas.resolve.Tools;
import dev.klas.resolve.elf.ElfFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every line-table row of the Debian debug vmlinux equals {@code readelf -W --debug-dump=decodedline}, compared as
 * both stream (neither side is held in memory). Heavy: {@code -Dklas.heavy=true}.
 */
class VmlinuxLineTableHeavyTest {
    private static final Pattern ROW = Pattern.compile(
            "^(\\S+)\\s+(\\d+|-)\\s+(0x[0-9a-f]+|0)(?:\\s+(\\d+))?(?:\\s+(x))?\\s*$");

    @Test
    void everyRowEqualsReadelf() throws Exception {
        Heavy.require();
        Path vmlinux = Heavy.debugVmlinux();
        DwarfInfo dwarf = DwarfInfo.of(ElfFile.open(vmlinux));
        List<String> mismatches = new ArrayList<>();
        long[] counts = new long[2];
        try (BufferedReader readelf = Tools.stream(List.of("readelf", "-W", "--debug-dump=decodedline",
                vmlinux.toString()))) {
            for (LineTable t : dwarf.lineTables()) {
                t.forEachRow(r -> {
                    String name = t.file(r.file()).map(LineFile::name).orElse("?");
                    name = name.substring(name.lastIndexOf('/') + 1);
                    String actual = name + " " + (r.endSequence() ? "-" : Integer.toString(r.line())) + " "
                            + r.address() + (r.endSequence() ? "" : r.isStmt() ? " x" : "");
                    String expected = nextRow(readelf);
                    counts[0]++;
                    if (!actual.equals(expected)) {
                        counts[1]++;
                        if (mismatches.size() < 20) {
                            mismatches.add("table 0x" + Long.toHexString(t.offset()) + ": ours [" + actual
                                    + "] readelf [" + expected + "]");
                        }
                    }
                });
            }
            String extra = nextRow(readelf);
            assertEquals("", extra, "readelf has more rows");
        }
        System.out.printf("vmlinux line rows compared: %d, mismatches: %d%n", counts[0], counts[1]);
        assertTrue(counts[0] > 1_000_000, "rows: " + counts[0]);
        assertEquals(List.of(), mismatches, counts[1] + " mismatches");
    }

    private static String nextRow(BufferedReader in) {
        try {
            for (String line; (line = in.readLine()) != null; ) {
                Matcher m = ROW.matcher(line);
                if (m.matches()) {
                    boolean end = m.group(2).equals("-");
                    return m.group(1) + " " + m.group(2) + " " + Long.parseUnsignedLong(m.group(3).replace("0x", ""),
                            16) + (end ? "" : m.group(5) != null ? " x" : "");
                }
            }
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
