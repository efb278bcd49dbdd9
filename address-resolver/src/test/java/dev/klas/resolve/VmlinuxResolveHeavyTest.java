package dev.klas.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.dwarf.DwarfInfo;
import dev.klas.resolve.dwarf.LineTable;
import dev.klas.resolve.elf.ElfFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Inline chains and function+offset at addresses sampled from the Debian debug vmlinux's line table, against
 * {@code addr2line -f -i -a} and {@code objdump -d --start-address}. Where DWARF has no subprogram (assembly
 * sources) addr2line names the symbol-table function; there the chain is empty and the symbol must agree.
 * Heavy: {@code -Dklas.heavy=true}.
 */
class VmlinuxResolveHeavyTest {
    private static final Pattern LABEL = Pattern.compile("^[0-9a-f]+ <([^>]+)>:$", Pattern.MULTILINE);

    @Test
    void chainsAndSymbolsMatchBinutils() throws Exception {
        Heavy.require();
        Path vmlinux = Heavy.debugVmlinux();
        ElfFile elf = ElfFile.open(vmlinux);
        DwarfInfo dwarf = DwarfInfo.of(elf);
        TreeSet<Long> sample = new TreeSet<>();
        long[] n = {0};
        for (LineTable t : dwarf.lineTables()) {
            t.forEachRow((long a, int file, int line, int column, int flags) -> {
                if ((flags & LineTable.RowVisitor.END_SEQUENCE) == 0 && n[0]++ % 15_000 == 7) {
                    sample.add(a);
                }
            });
        }
        List<String> cmd = new ArrayList<>(List.of("addr2line", "-f", "-i", "-a", "-e", vmlinux.toString()));
        sample.forEach(a -> cmd.add("0x" + Long.toHexString(a)));
        String[] out = Tools.run(Path.of("."), cmd).split("\n");
        InlineChains chains = new InlineChains(dwarf);
        FunctionSymbols symbols = FunctionSymbols.of(elf);
        int compared = 0;
        int fallbacks = 0;
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < out.length; ) {
            long addr = Long.parseUnsignedLong(out[i++].substring(2), 16);
            List<String> want = new ArrayList<>();
            while (i + 1 < out.length && !out[i].startsWith("0x")) {
                want.add(out[i]);
                i += 2;
            }
            if (want.get(0).equals("??")) {
                continue;
            }
            List<String> got = chains.at(addr).stream().map(InlineFrame::function).toList();
            if (got.isEmpty() && want.size() == 1 && symbols.at(addr).map(FunctionOffset::symbol)
                    .filter(want.get(0)::equals).isPresent()) {
                fallbacks++;
                continue;
            }
            compared++;
            if (!want.equals(got) && mismatches.size() < 10) {
                mismatches.add("0x" + Long.toHexString(addr) + " addr2line " + want + " ours " + got);
            }
        }
        System.out.printf("vmlinux inline chains compared at %d addresses, %d mismatches; %d addresses without a "
                + "DWARF subprogram (assembly) where addr2line falls back to the symbol table%n", compared,
                mismatches.size(), fallbacks);
        assertTrue(compared > 100, "compared " + compared);
        assertEquals(List.of(), mismatches);
        int k = 0;
        for (long a : sample) {
            if (k++ % 20 != 0) {
                continue;
            }
            String dump = Tools.run(Path.of("."), "objdump", "-d", "--start-address=0x" + Long.toHexString(a),
                    "--stop-address=0x" + Long.toHexString(a + 1), vmlinux.toString());
            Matcher m = LABEL.matcher(dump);
            assertTrue(m.find(), dump);
            assertEquals(m.group(1), symbols.at(a).map(FunctionOffset::toString).orElse("none"),
                    "at 0x" + Long.toHexString(a));
        }
    }
}
