package dev.klas.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.Fixtures.Fixture;
import dev.klas.resolve.dwarf.DwarfInfo;
import dev.klas.resolve.dwarf.LineTable;
import dev.klas.resolve.elf.ElfFile;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The inline chain at every line-table address of the linked fixtures against {@code addr2line -f -i -a}: the
 * same function names innermost first, and each outer frame's location equal to the call site of the frame inside.
 */
class InlineChainsTest {
    static Stream<Fixture> linked() {
        return Fixtures.all().stream().filter(f -> !f.relocatable());
    }

    @ParameterizedTest
    @MethodSource("linked")
    void chainsMatchAddr2line(Fixture f) throws Exception {
        ElfFile elf = ElfFile.open(f.path());
        DwarfInfo dwarf = DwarfInfo.of(elf);
        TreeSet<Long> addresses = new TreeSet<>();
        for (LineTable t : dwarf.lineTables()) {
            t.forEachRow(r -> {
                if (!r.endSequence()) {
                    addresses.add(r.address());
                }
            });
        }
        List<String> cmd = new ArrayList<>(List.of("addr2line", "-f", "-i", "-a", "-e", f.path().toString()));
        addresses.forEach(a -> cmd.add("0x" + Long.toHexString(a)));
        String[] out = Tools.run(Fixtures.dir(), cmd).split("\n");
        InlineChains chains = new InlineChains(dwarf);
        int i = 0;
        int deep = 0;
        int compared = 0;
        while (i < out.length) {
            long addr = Long.parseUnsignedLong(out[i++].substring(2), 16);
            List<String[]> frames = new ArrayList<>();
            while (i + 1 < out.length && !out[i].startsWith("0x")) {
                frames.add(new String[] {out[i], out[i + 1]});
                i += 2;
            }
            if (frames.get(0)[0].equals("??")) {
                continue;
            }
            List<InlineFrame> ours = chains.at(addr);
            List<String> want = new ArrayList<>();
            List<String> got = new ArrayList<>();
            for (int k = 0; k < frames.size(); k++) {
                want.add(frames.get(k)[0] + (k > 0 ? " @" + location(frames.get(k)[1]) : ""));
            }
            for (int k = 0; k < ours.size(); k++) {
                String site = k > 0 ? " @" + ours.get(k - 1).callFile().map(p -> p.substring(p.lastIndexOf('/') + 1))
                        .orElse("?") + ":" + ours.get(k - 1).callLine() : "";
                got.add(ours.get(k).function() + site);
            }
            assertEquals(want, got, "at 0x" + Long.toHexString(addr));
            compared++;
            deep = Math.max(deep, ours.size());
        }
        assertTrue(compared > 20, "addresses compared: " + compared);
        if (f.name().contains("O2")) {
            assertTrue(deep >= 3, "mix inside bump_len inside a caller: depth " + deep);
        }
    }

    /** addr2line's "dir/file.c:12 (discriminator 3)" as "file.c:12". */
    private static String location(String s) {
        String t = s.replaceAll(" \\(discriminator \\d+\\)", "");
        return t.substring(t.lastIndexOf('/') + 1);
    }
}
