package dev.klas.advice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.elf.ElfSymbol;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.resolve.x86.Flow;
import dev.klas.resolve.x86.Instruction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relocatable object placed: built here with {@code gcc -O2 -g -c placed.c} (functions in .text, .text.unlikely
 * and .init.text, all at offset 0 of their sections in the file); objdump -dr is the oracle for which callee every
 * call names.
 */
class PlacedObjectTest {
    private static final String SOURCE = """
            extern void external_fn(int);
            __attribute__((noinline)) void first(int x) { external_fn(x + 1); }
            __attribute__((noinline, cold)) void cold_fn(int x) { external_fn(x * 3); }
            __attribute__((noinline, section(".init.text"))) void init_fn(int x) { first(x); cold_fn(x); }
            """;

    @TempDir
    Path dir;

    @Test
    void sectionsGetDistinctAddressesAndCallsDecodeToTheirCallees() throws Exception {
        Path src = dir.resolve("placed.c");
        Files.writeString(src, SOURCE);
        Path obj = dir.resolve("placed.o");
        Oracles.run("gcc", "-O2", "-g", "-c", "-o", obj.toString(), src.toString());
        ElfFile raw = ElfFile.open(obj);
        ElfFile placed = PlacedObject.open(obj);
        Map<String, Long> at = new HashMap<>();
        for (ElfSymbol s : placed.symbols()) {
            if (s.isFunction()) {
                at.put(s.name(), s.value());
            }
        }
        for (ElfSymbol s : raw.symbols()) {
            if (s.isFunction()) {
                assertEquals(0, s.value(), s.name() + " starts its section in the file");
            }
        }
        assertEquals(3, List.of(at.get("first"), at.get("cold_fn"), at.get("init_fn")).stream().distinct().count(), at.toString());
        Binary binary = new Binary(placed);
        int calls = 0;
        for (String fn : List.of("first", "cold_fn", "init_fn")) {
            String section = binary.codeSection(at.get(fn)).orElseThrow().name();
            Map<Long, String> objdump = Oracles.disassembly(obj, section);
            long base = placed.section(section).orElseThrow().address();
            for (Instruction i : binary.instructions(at.get(fn), at.get(fn) + 64)) {
                String oracle = objdump.get(i.address() - base);
                if (oracle == null || i.flow() != Flow.CALL && !oracle.startsWith("jmp")) {
                    continue;
                }
                Matcher m = Pattern.compile("R_X86_64_PLT32\\s+(\\w+)-0x4").matcher(oracle);
                if (!m.find()) {
                    continue;
                }
                long target = i.branchTarget().orElseThrow();
                assertEquals(m.group(1), binary.functionAt(target).orElse("?"), fn + ": " + oracle);
                assertNotEquals(0, target);
                calls++;
            }
        }
        assertTrue(calls >= 4, "calls checked: " + calls);
    }
}
