package dev.klas.advice.vars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.Oracles;
import dev.klas.advice.PlacedObject;
import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.elf.ElfSymbol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module's addresses as section start + offset, against readelf's symbol table of the unplaced object: two files
 * with a static {@code calls} each, a global in .data and one in .bss, linked with {@code ld -r} as Kbuild links a
 * .ko (and a variable in .init.data, refused). Each {@code calls} is its section's slot plus its own
 * {@code st_value}; the anchor of .bss is a symbol whose name occurs once (never {@code calls}, though a.c's is
 * first in .bss) and whose offset is its {@code st_value}.
 */
class ModuleSectionsTest {
    @TempDir
    Path dir;

    @Test
    void staticsOfTheSameNameAreTheirSectionStartPlusTheirOwnOffset() throws Exception {
        Files.writeString(dir.resolve("a.c"), "long a_data = 5;\nstatic long calls;\n"
                + "__attribute__((section(\".init.data\"))) long boot_only = 2;\n"
                + "long a(void) { return ++calls + a_data + boot_only; }\n");
        Files.writeString(dir.resolve("b.c"), "long pad_b[5];\nstatic long calls;\nlong b(void) { return ++calls; }\n");
        for (String f : List.of("a", "b")) {
            Oracles.run("gcc", "-O2", "-fno-common", "-c", dir.resolve(f + ".c").toString(), "-o",
                    dir.resolve(f + ".o").toString());
        }
        Path ko = dir.resolve("m.ko");
        Oracles.run("ld", "-r", "-o", ko.toString(), dir.resolve("a.o").toString(), dir.resolve("b.o").toString());
        Map<String, List<long[]>> unplaced = readelf(ko);
        assertEquals(2, unplaced.get("calls").size(), "two statics named calls: " + unplaced.keySet());

        ElfFile placed = PlacedObject.open(ko);
        KernelRegisters regs = KernelRegisters.of(new dev.klas.resolve.joinpoint.Binary(placed));
        List<ElfSymbol> calls = placed.symbols().stream().filter(s -> s.name().equals("calls")).toList();
        List<String> spelled = new ArrayList<>();
        for (ElfSymbol c : calls) {
            assertTrue(regs.addressRefused(c.value()).isEmpty());
            spelled.add(regs.address(c.value()));
        }
        ElfSymbol data = placed.symbols().stream().filter(s -> s.name().equals("a_data")).findFirst().orElseThrow();
        String dataSpelled = regs.address(data.value());
        List<ModuleSections.Anchor> used = regs.sections();
        assertEquals(2, used.size(), "two sections, .bss and .data: " + used);
        ModuleSections.Anchor bss = used.get(0);
        assertEquals(".bss", bss.section());
        assertEquals(1, unplaced.get(bss.symbol()).size(), "the anchor's name is unique: " + bss);
        assertEquals(unplaced.get(bss.symbol()).get(0)[0], bss.offset(), "the anchor's offset is its st_value");
        for (int i = 0; i < calls.size(); i++) {
            long offset = unplaced.get("calls").get(i)[0];
            assertEquals("((uint64_t)klas_section_base[0] + 0x" + Long.toHexString(offset) + "ull)", spelled.get(i),
                    "calls #" + i + " at its st_value in .bss");
        }
        assertEquals(".data", used.get(1).section());
        assertEquals("((uint64_t)klas_section_base[1] + 0x" + Long.toHexString(unplaced.get("a_data").get(0)[0])
                + "ull)", dataSpelled);
        assertTrue(regs.addressRefused(placed.section(".bss").orElseThrow().address() - 1).isPresent(),
                "an address in no section is refused");
        ElfSymbol boot = placed.symbols().stream().filter(s -> s.name().equals("boot_only")).findFirst().orElseThrow();
        assertTrue(regs.addressRefused(boot.value()).orElseThrow().contains(".init.data, which the kernel frees"),
                "an __initdata variable is refused with the reason");
    }

    /** readelf -sW: name to {st_value, st_shndx} of each defined symbol, in table order. */
    private static Map<String, List<long[]>> readelf(Path ko) throws Exception {
        Map<String, List<long[]>> out = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^\\s*\\d+: ([0-9a-f]{16})\\s+\\d+ (?:OBJECT|FUNC|NOTYPE)\\s+\\w+\\s+\\w+\\s+"
                + "(\\d+) (\\S+)$").matcher(Oracles.run("readelf", "-sW", ko.toString()));
        while (m.find()) {
            out.computeIfAbsent(m.group(3), k -> new ArrayList<>()).add(new long[] {
                Long.parseUnsignedLong(m.group(1), 16), Long.parseLong(m.group(2))});
        }
        return out;
    }
}
