package dev.klas.resolve.dwarf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.Fixtures;
import dev.klas.resolve.Tools;
import dev.klas.resolve.elf.ElfFile;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code DW_AT_location} of every linked fixture (DWARF 4 {@code .debug_loc} and DWARF 5
 * {@code .debug_loclists}, -O0 and -O2) read by {@link LocationLists} and decoded by {@link Expression}, against
 * {@code llvm-dwarfdump --debug-info}: the same ranges, and the same operations in order.
 */
class LocationListsTest {
    private static final Pattern DIE = Pattern.compile("^0x([0-9a-f]{8}):\\s+(DW_TAG_\\w+|NULL)");
    private static final Pattern SINGLE = Pattern.compile("^\\s+DW_AT_location\\s+\\((DW_OP.*)\\)$");
    private static final Pattern LIST = Pattern.compile("^\\s+DW_AT_location\\s+\\(0x[0-9a-f]+:\\s*$");
    private static final Pattern ENTRY = Pattern.compile("^\\s+\\[0x([0-9a-f]+), 0x([0-9a-f]+)\\): (.*?)\\)?$");

    static Stream<Fixtures.Fixture> linked() {
        return Fixtures.all().stream().filter(f -> !f.relocatable());
    }

    /** One location as llvm-dwarfdump prints it: the DIE, and per entry its range (or none) and operation names. */
    record Dumped(long die, List<String> entries) {
    }

    @ParameterizedTest
    @MethodSource("linked")
    void everyLocationHasTheRangesAndOperationsLlvmDwarfdumpPrints(Fixtures.Fixture f) throws Exception {
        DwarfInfo dwarf = DwarfInfo.of(ElfFile.open(f.path()));
        List<Dumped> dumped = dump(Tools.run(Fixtures.dir(), "llvm-dwarfdump-14", "--debug-info",
                DieTest.plain(f).toString()));
        assertTrue(dumped.size() > 10, f + ": " + dumped.size() + " locations");
        int lists = 0;
        for (Dumped d : dumped) {
            Die die = dwarf.dieAt(d.die()).orElseThrow();
            Location loc = LocationLists.of(die);
            List<String> ours = new ArrayList<>();
            if (loc instanceof Location.Single s) {
                ours.add("- " + names(s.expression(), die.unit().addressSize()));
            } else {
                lists++;
                for (Location.Entry e : ((Location.ListOf) loc).entries()) {
                    ours.add(String.format("%x-%x ", e.start(), e.end()) + names(e.expression(),
                            die.unit().addressSize()));
                }
            }
            assertEquals(d.entries(), ours, f + " DIE 0x" + Long.toHexString(d.die()));
        }
        assertTrue(!f.name().contains("O2") || lists > 5, f + ": " + lists + " location lists");
    }

    private static String names(byte[] expr, int addressSize) {
        List<String> out = new ArrayList<>();
        for (Expression.Op op : Expression.decode(expr, addressSize)) {
            out.add(DwOp.name(op.code()));
        }
        return String.join(" ", out);
    }

    /** The DW_AT_location of each DIE: "- OPS" for a single expression, "START-END OPS" per list entry. */
    static List<Dumped> dump(String text) {
        List<Dumped> out = new ArrayList<>();
        long die = -1;
        List<String> list = null;
        for (String line : text.split("\n")) {
            Matcher m = DIE.matcher(line);
            if (m.find()) {
                die = Long.parseLong(m.group(1), 16);
                list = null;
                continue;
            }
            Matcher s = SINGLE.matcher(line);
            if (s.find()) {
                out.add(new Dumped(die, List.of("- " + ops(s.group(1)))));
                continue;
            }
            if (LIST.matcher(line).find()) {
                list = new ArrayList<>();
                out.add(new Dumped(die, list));
                continue;
            }
            Matcher e = ENTRY.matcher(line);
            if (list != null && e.find()) {
                list.add(Long.toHexString(Long.parseUnsignedLong(e.group(1), 16)) + "-"
                        + Long.toHexString(Long.parseUnsignedLong(e.group(2), 16)) + " " + ops(e.group(3)));
                if (line.endsWith("))") || !line.contains("[")) {
                    list = null;
                }
            } else if (list != null && !line.isBlank() && !line.trim().startsWith("[")) {
                list = null;
            }
        }
        return out;
    }

    /** The operation names of llvm's text ("DW_OP_breg6 RBP-1, DW_OP_stack_value" gives two). */
    private static String ops(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("DW_OP_\\w+").matcher(text);
        int depth = 0;
        int at = 0;
        while (m.find()) {
            for (char c : text.substring(at, m.start()).toCharArray()) {
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            }
            at = m.start();
            if (depth == 0) {
                out.add(m.group());
            }
        }
        return String.join(" ", out);
    }
}
