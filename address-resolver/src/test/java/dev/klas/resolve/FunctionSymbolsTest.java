package dev.klas.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.Fixtures.Fixture;
import dev.klas.resolve.elf.ElfFile;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Address → function+offset against the labels of {@code objdump -d}, for every instruction of .text (padding after
 * a function included: objdump and kprobes both count it to the function before).
 */
class FunctionSymbolsTest {
    private static final Pattern LABEL = Pattern.compile("^([0-9a-f]+) <([^>]+)>:$");
    private static final Pattern INSN = Pattern.compile("^\\s+([0-9a-f]+):\\t");

    static Stream<Fixture> linked() {
        return Fixtures.all().stream().filter(f -> !f.relocatable());
    }

    @ParameterizedTest
    @MethodSource("linked")
    void everyInstructionMatchesObjdump(Fixture f) throws Exception {
        ElfFile elf = ElfFile.open(f.path());
        FunctionSymbols symbols = FunctionSymbols.of(elf);
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        String label = null;
        long start = 0;
        boolean clone = false;
        for (String line : Tools.run(Fixtures.dir(), "objdump", "-d", "--section=.text", f.path().toString())
                .split("\n")) {
            Matcher l = LABEL.matcher(line);
            if (l.matches()) {
                label = l.group(2);
                start = Long.parseUnsignedLong(l.group(1), 16);
                clone |= label.contains(".constprop.") || label.contains(".isra.");
                continue;
            }
            Matcher i = INSN.matcher(line);
            if (!i.find() || label == null) {
                continue;
            }
            long addr = Long.parseUnsignedLong(i.group(1), 16);
            expected.add(new FunctionOffset(label, start, addr - start).toString());
            actual.add(symbols.at(addr).map(FunctionOffset::toString).orElse("none at 0x" + Long.toHexString(addr)));
        }
        assertTrue(expected.size() > 30, "instructions: " + expected.size());
        assertEquals(expected, actual);
        if (f.name().contains("O2")) {
            assertTrue(clone, "gcc made a .constprop/.isra clone at -O2");
        }
    }
}
