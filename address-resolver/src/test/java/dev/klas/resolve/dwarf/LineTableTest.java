package dev.klas.resolve.dwarf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.Fixtures;
import dev.klas.resolve.Fixtures.Fixture;
import dev.klas.resolve.Tools;
import dev.klas.resolve.elf.ElfFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of every line table of every fixture equals binutils' {@code objdump --dwarf=decodedline} (file, line,
 * address, is_stmt, end of sequence) and {@code llvm-dwarfdump --debug-line} (all registers: column, file number,
 * ISA, discriminator, flags).
 */
class LineTableTest {
    private static final Pattern OBJDUMP_ROW = Pattern.compile(
            "^(\\S+)\\s+(\\d+|-)\\s+(0x[0-9a-f]+|0)(?:\\s+(\\d+))?(?:\\s+(x))?\\s*$");
    private static final Pattern LLVM_ROW = Pattern.compile(
            "^0x([0-9a-f]{16})\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s*(.*)$");

    static Stream<Fixture> fixtures() {
        return Fixtures.all().stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void rowsMatchObjdumpDecodedLine(Fixture f) throws Exception {
        DwarfInfo dwarf = DwarfInfo.of(ElfFile.open(f.path()));
        List<String> expected = new ArrayList<>();
        for (String line : Tools.run(Fixtures.dir(), "objdump", "--dwarf=decodedline", f.path().toString())
                .split("\n")) {
            Matcher m = OBJDUMP_ROW.matcher(line);
            if (m.matches()) {
                boolean end = m.group(2).equals("-");
                expected.add(m.group(1) + " " + m.group(2) + " " + Long.decode(m.group(3))
                        + (end ? "" : m.group(5) != null ? " x" : ""));
            }
        }
        List<String> actual = new ArrayList<>();
        for (LineTable t : dwarf.lineTables()) {
            t.forEachRow(r -> {
                String name = t.file(r.file()).map(LineFile::name).orElse("?");
                name = name.substring(name.lastIndexOf('/') + 1);
                actual.add(name + " " + (r.endSequence() ? "-" : Integer.toString(r.line())) + " " + r.address()
                        + (r.endSequence() ? "" : r.isStmt() ? " x" : ""));
            });
        }
        assertTrue(expected.size() > 20, "objdump rows: " + expected.size());
        assertEquals(expected, actual);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void rowsMatchLlvmDwarfdump(Fixture f) throws Exception {
        DwarfInfo dwarf = DwarfInfo.of(ElfFile.open(f.path()));
        List<String> expected = new ArrayList<>();
        for (String line : Tools.run(Fixtures.dir(), "llvm-dwarfdump-14", "--debug-line", plain(f).toString())
                .split("\n")) {
            Matcher m = LLVM_ROW.matcher(line);
            if (m.matches()) {
                expected.add(Long.parseUnsignedLong(m.group(1), 16) + " " + m.group(2) + " " + m.group(3) + " "
                        + m.group(4) + " " + m.group(5) + " " + m.group(6) + " " + m.group(7).trim());
            }
        }
        List<String> actual = new ArrayList<>();
        boolean[] columns = {false};
        for (LineTable t : dwarf.lineTables()) {
            t.forEachRow(r -> {
                columns[0] |= r.column() > 0;
                actual.add(r.address() + " " + r.line() + " " + r.column() + " " + r.file() + " " + r.isa() + " "
                        + r.discriminator() + " " + flags(r));
            });
        }
        assertTrue(columns[0], "gcc emits columns");
        assertEquals(expected, actual);
    }

    /** llvm-dwarfdump 14 cannot read zstd sections: it gets a copy decompressed by binutils' objcopy. */
    private static Path plain(Fixture f) {
        if (!f.name().contains("zstd")) {
            return f.path();
        }
        Path out = f.path().resolveSibling(f.name() + ".plain");
        Tools.run(Fixtures.dir(), "objcopy", "--decompress-debug-sections", f.path().toString(), out.toString());
        return out;
    }

    private static String flags(LineRow r) {
        List<String> f = new ArrayList<>();
        if (r.isStmt()) {
            f.add("is_stmt");
        }
        if (r.basicBlock()) {
            f.add("basic_block");
        }
        if (r.prologueEnd()) {
            f.add("prologue_end");
        }
        if (r.epilogueBegin()) {
            f.add("epilogue_begin");
        }
        if (r.endSequence()) {
            f.add("end_sequence");
        }
        return String.join(" ", f);
    }
}
