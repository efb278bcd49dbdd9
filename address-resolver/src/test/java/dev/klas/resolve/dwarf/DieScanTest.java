package dev.klas.resolve.dwarf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.Fixtures;
import dev.klas.resolve.Fixtures.Fixture;
import dev.klas.resolve.elf.ElfFile;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Unit#forEachDie} (a scan that builds no tree) against the tree {@link Unit#dies()} reads: the same DIEs in
 * the same order, each at the depth of its place in the tree, with the same tag, name, decl line and ranges; and
 * {@link DwarfInfo#arangesAt} against a scan of {@code .debug_aranges}.
 */
class DieScanTest {
    static Stream<Fixture> fixtures() {
        return Fixtures.all().stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void scanSeesTheTree(Fixture f) throws Exception {
        DwarfInfo dwarf = DwarfInfo.of(ElfFile.open(f.path()));
        int compared = 0;
        for (Unit u : dwarf.units()) {
            List<String> want = new ArrayList<>();
            for (Die d : u.dies()) {
                int depth = 0;
                for (Die p = d; p.parent().isPresent(); p = p.parent().get()) {
                    depth++;
                }
                want.add(describe(d, depth));
            }
            List<String> got = new ArrayList<>();
            u.forEachDie(tag -> true, (d, depth) -> got.add(describe(d, depth)));
            assertEquals(want, got, u.toString());
            List<String> subprograms = new ArrayList<>();
            u.forEachDie(tag -> tag == DwTag.SUBPROGRAM, (d, depth) -> subprograms.add(describe(d, depth)));
            assertEquals(want.stream().filter(s -> s.contains(" tag 0x" + Integer.toHexString(DwTag.SUBPROGRAM) + " "))
                    .toList(), subprograms, u.toString());
            compared += got.size();
        }
        assertTrue(compared > 50, "DIEs compared: " + compared);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void arangesAtFindsWhatAScanFinds(Fixture f) throws Exception {
        DwarfInfo dwarf = DwarfInfo.of(ElfFile.open(f.path()));
        List<Long> probes = new ArrayList<>();
        for (Aranges.Entry e : dwarf.aranges()) {
            for (long d = -1; d <= 1; d++) {
                probes.add(e.start() + d);
                probes.add(e.start() + e.length() + d);
            }
        }
        for (long a : probes) {
            List<Aranges.Entry> want = dwarf.aranges().stream()
                    .filter(e -> Long.compareUnsigned(a - e.start(), e.length()) < 0).toList();
            assertEquals(want, dwarf.arangesAt(a), "at 0x" + Long.toHexString(a));
        }
    }

    private static String describe(Die d, int depth) {
        return d + " depth " + depth + " line " + d.number(DwAt.DECL_LINE) + " decl " + d.has(DwAt.DECLARATION)
                + " ranges " + d.ranges();
    }
}
