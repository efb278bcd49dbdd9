package dev.klas.resolve.dwarf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.Fixtures;
import dev.klas.resolve.Tools;
import dev.klas.resolve.elf.ElfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CFA rule at every row of every FDE of the linked fixtures' {@code .eh_frame}, against
 * {@code readelf --debug-dump=frames-interp}: the same register and offset ("rsp+8", "rbp+16"), and an expression
 * ("exp", the PLT's) refused, at each row's address and at the byte before the next row.
 */
class CallFramesTest {
    private static final List<String> REGISTERS = List.of("rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp", "r8",
            "r9", "r10", "r11", "r12", "r13", "r14", "r15");
    private static final Pattern FDE = Pattern.compile("FDE cie=\\w+ pc=([0-9a-f]+)\\.\\.([0-9a-f]+)");
    private static final Pattern ROW = Pattern.compile("^([0-9a-f]{16}) (\\S+)");

    static Stream<Fixtures.Fixture> linked() {
        return Fixtures.all().stream().filter(f -> !f.relocatable());
    }

    @ParameterizedTest
    @MethodSource("linked")
    void theCfaAtEveryRowIsTheOneReadelfComputes(Fixtures.Fixture f) throws Exception {
        ElfFile elf = ElfFile.open(f.path());
        CallFrames frames = new CallFrames(elf, elf);
        String text = Tools.run(Fixtures.dir(), "readelf", "--debug-dump=frames-interp", f.path().toString());
        int rows = rows(frames, text, f.toString());
        assertTrue(rows > 5, f + ": " + rows + " rows");
    }

    /**
     * A program built as the Linux kernel builds (no unwind tables: gcc -g puts the CFI in .debug_frame only, where
     * an FDE's address range is a plain address, not a DW_EH_PE-encoded pointer).
     */
    @Test
    void debugFrameAloneGivesTheCfaReadelfComputes(@TempDir Path dir) throws Exception {
        Path c = Files.writeString(dir.resolve("k.c"), """
                extern int g(int *);
                int f(int n) { int local = n * 3; return g(&local) + g(&n) + local; }
                """);
        Path o = dir.resolve("k.o");
        Tools.run(dir, "gcc", "-g", "-O2", "-fno-asynchronous-unwind-tables", "-fno-unwind-tables", "-c",
                c.toString(), "-o", o.toString());
        ElfFile elf = ElfFile.open(o);
        assertTrue(elf.section(".eh_frame").isEmpty() && elf.section(".debug_frame").isPresent(), "only .debug_frame");
        String text = Tools.run(dir, "readelf", "--debug-dump=frames-interp", o.toString());
        int rows = rows(new CallFrames(elf, elf), text, o.toString());
        assertTrue(rows >= 2, rows + " rows in\n" + text);
    }

    private static int rows(CallFrames frames, String text, String what) {
        int rows = 0;
        long fdeEnd = 0;
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher fde = FDE.matcher(lines[i]);
            if (fde.find()) {
                fdeEnd = Long.parseUnsignedLong(fde.group(2), 16);
                continue;
            }
            if (lines[i].contains(" CIE")) {
                fdeEnd = 0;
                continue;
            }
            Matcher row = ROW.matcher(lines[i]);
            if (!row.find() || fdeEnd == 0) {
                continue;
            }
            long at = Long.parseUnsignedLong(row.group(1), 16);
            Matcher next = i + 1 < lines.length ? ROW.matcher(lines[i + 1]) : null;
            long last = next != null && next.find() ? Long.parseUnsignedLong(next.group(1), 16) - 1 : fdeEnd - 1;
            for (long pc : new long[] {at, last}) {
                assertEquals(Optional.of(expected(row.group(2))), frames.cfaAt(pc).map(CallFramesTest::spell),
                        what + " at 0x" + Long.toHexString(pc));
            }
            rows++;
        }
        return rows;
    }

    private static String expected(String readelf) {
        return readelf.equals("exp") ? "exp" : readelf;
    }

    private static String spell(CallFrames.Cfa c) {
        if (c instanceof CallFrames.RegisterOffset r) {
            return REGISTERS.get(r.register()) + (r.offset() < 0 ? "" : "+") + r.offset();
        }
        return "exp";
    }
}
