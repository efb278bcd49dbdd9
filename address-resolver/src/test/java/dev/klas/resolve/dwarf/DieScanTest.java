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

    /** The names scan (what struct layouts and inline chains look up by) finds every named DIE of the tree. */
    @ParameterizedTest
    @MethodSource("fixtures")
    void scanNamesSeesTheTreesNames(Fixture f) throws Exception {
        DwarfInfo dwarf = DwarfInfo.of(ElfFile.open(f.path()));
        for (int wanted : new int[] {DwTag.SUBPROGRAM, DwTag.STRUCTURE_TYPE, DwTag.TYPEDEF}) {
            int compared = 0;
            for (Unit u : dwarf.units()) {
                List<String> want = new ArrayList<>();
                for (Die d : u.dies()) {
                    if (d.tag() == wanted) {
                        d.name().ifPresent(n -> want.add(d.offset() + " " + n));
                    }
                }
                List<String> got = new ArrayList<>();
                DieReader.scanNames(u, tag -> tag == wanted, (offset, tag, name) -> got.add(offset + " " + name));
                assertEquals(want, got, u + " tag " + wanted);
                compared += got.size();
            }
            assertTrue(compared > 0 || wanted != DwTag.SUBPROGRAM, "names compared: " + compared);
        }
    }

    /** A form's fixed size ({@link Forms#fixedSize}, which scans skip at once) is what {@link Forms#skip} moves. */
    @org.junit.jupiter.api.Test
    void fixedSizesAreWhatSkipMoves() {
        int fixed = 0;
        for (int form = 0x01; form <= 0x2c; form++) {
            for (int offsetSize : new int[] {4, 8}) {
                for (int version : new int[] {2, 4, 5}) {
                    int n = Forms.fixedSize(form, offsetSize, 8, version);
                    if (n < 0) {
                        continue;
                    }
                    byte[] bytes = new byte[64];
                    java.util.Arrays.fill(bytes, (byte) 0x81);
                    dev.klas.resolve.elf.Cursor c = dev.klas.resolve.elf.Cursor.elf(java.nio.ByteBuffer.wrap(bytes),
                            ".debug_info");
                    Forms.skip(c, form, offsetSize, 8, version);
                    assertEquals(n, c.position(), "form 0x" + Integer.toHexString(form) + " offset size "
                            + offsetSize + " version " + version);
                    fixed++;
                }
            }
        }
        assertTrue(fixed > 100, "fixed forms: " + fixed);
    }

    private static String describe(Die d, int depth) {
        return d + " depth " + depth + " line " + d.number(DwAt.DECL_LINE) + " decl " + d.has(DwAt.DECLARATION)
                + " ranges " + d.ranges();
    }
}
