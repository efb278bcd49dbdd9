package dev.klas.resolve.dwarf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.Fixtures;
import dev.klas.resolve.Fixtures.Fixture;
import dev.klas.resolve.Tools;
import dev.klas.resolve.dwarf.LlvmDump.DumpDie;
import dev.klas.resolve.elf.ElfFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DIEs of every fixture against {@code llvm-dwarfdump --debug-info}: the same DIE offsets, and for compile units,
 * subprograms and inlined subroutines the same names (through abstract origins), code ranges and call sites.
 */
class DieTest {
    static Stream<Fixture> fixtures() {
        return Fixtures.all().stream();
    }

    static Path plain(Fixture f) {
        if (!f.name().contains("zstd")) {
            return f.path();
        }
        Path out = f.path().resolveSibling(f.name() + ".plain");
        Tools.run(Fixtures.dir(), "objcopy", "--decompress-debug-sections", f.path().toString(), out.toString());
        return out;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void diesMatchLlvmDwarfdump(Fixture f) throws Exception {
        Map<Long, DumpDie> expected = LlvmDump.parse(Tools.run(Fixtures.dir(), "llvm-dwarfdump-14", "--debug-info",
                plain(f).toString()));
        DwarfInfo dwarf = DwarfInfo.of(ElfFile.open(f.path()));
        List<Die> all = new ArrayList<>();
        for (Unit u : dwarf.units()) {
            all.addAll(u.dies());
        }
        assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(all.stream().map(Die::offset).toList()));
        int checked = 0;
        int inlined = 0;
        for (Die d : all) {
            DumpDie e = expected.get(d.offset());
            int tag = d.tag();
            if (tag != DwTag.SUBPROGRAM && tag != DwTag.INLINED_SUBROUTINE && tag != DwTag.COMPILE_UNIT) {
                continue;
            }
            assertEquals(e.tag(), tag == DwTag.SUBPROGRAM ? "DW_TAG_subprogram" : tag == DwTag.COMPILE_UNIT
                    ? "DW_TAG_compile_unit" : "DW_TAG_inlined_subroutine");
            assertEquals(LlvmDump.name(e), d.effectiveName().orElse(""), d.toString());
            List<AddressRange> ranges = new ArrayList<>(e.ranges());
            if (e.attributes().containsKey("DW_AT_high_pc")) {
                ranges.add(new AddressRange(LlvmDump.hex(e.attributes().get("DW_AT_low_pc")),
                        LlvmDump.hex(e.attributes().get("DW_AT_high_pc"))));
            }
            if (!ranges.isEmpty()) {
                assertEquals(ranges, d.ranges(), d.toString());
                checked++;
            }
            if (tag == DwTag.INLINED_SUBROUTINE) {
                inlined++;
                assertEquals(LlvmDump.hex(e.attributes().get("DW_AT_call_line")),
                        d.number(DwAt.CALL_LINE).orElseThrow());
                assertEquals(LlvmDump.hex(e.attributes().get("DW_AT_call_column")),
                        d.number(DwAt.CALL_COLUMN).orElseThrow());
            }
        }
        assertTrue(checked >= 3, "DIEs with ranges checked: " + checked);
        if (f.name().contains("O2")) {
            assertTrue(inlined > 0, "inlined subroutines at -O2");
        }
    }
}
