package dev.klas.resolve.joinpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.Tools;
import dev.klas.resolve.dwarf.StructLayout;
import dev.klas.resolve.dwarf.Unit;
import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.elf.ElfSymbol;
import dev.klas.resolve.x86.Instruction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Binary} on test resource binary/bin.c + bin2.c + bin3.c, whole and split (strip --strip-all, objcopy
 * --only-keep-debug), against readelf's symbols and aranges, objdump's instructions and pahole's layouts.
 */
class BinaryTest {
    private static final Pattern SYMBOL = Pattern.compile(
            "^\\s*\\d+: ([0-9a-f]+)\\s+(\\d+)\\s+(\\w+)\\s+\\w+\\s+\\w+\\s+(\\w+)\\s*(.*)$");
    private static final Pattern INSN = Pattern.compile("^\\s*([0-9a-f]+):\\t[0-9a-f ]+\\t(.*)$");
    private static final Pattern ARANGE_UNIT = Pattern.compile("Offset into .debug_info:\\s+(0x[0-9a-f]+|0)");
    private static final Pattern ARANGE = Pattern.compile("^\\s+([0-9a-f]{16}) ([0-9a-f]{16})\\s*$");

    /** A row of readelf -s: the name without its version. */
    private record Sym(String name, long value, long size, String type, String section) {
    }

    private record Build(Path full, Path stripped, Path debug) {
    }

    private static final Map<String, Build> BUILDS = new java.util.HashMap<>();

    /** The fixture built with {@code opt}, once per test JVM (PIT runs the tests once per mutant). */
    private static synchronized Build build(String opt) throws IOException {
        Build done = BUILDS.get(opt);
        if (done != null) {
            return done;
        }
        Path dir = Files.createTempDirectory("klas-binary");
        for (String s : List.of("bin.c", "bin2.c", "bin3.c")) {
            try (InputStream in = BinaryTest.class.getResourceAsStream("/binary/" + s)) {
                Files.copy(in, dir.resolve(s));
            }
            Tools.run(dir, "gcc", "-g", "-c", s, "-o", s + ".o");
        }
        Tools.run(dir, "gcc", opt, "-g", "-fPIC", "-shared", "-o", "libbin.so", "bin.c", "bin2.c",
                "bin3.c");
        Tools.run(dir, "strip", "--strip-all", "-o", "libbin.stripped", "libbin.so");
        Tools.run(dir, "objcopy", "--only-keep-debug", "libbin.so", "libbin.debug");
        Tools.run(dir, "objcopy", "--strip-all", "--keep-section=.debug_*", "libbin.debug", "libbin.nosyms");
        Build b = new Build(dir.resolve("libbin.so"), dir.resolve("libbin.stripped"), dir.resolve("libbin.debug"));
        BUILDS.put(opt, b);
        return b;
    }

    /**
     * Symbols come from the binary's .symtab, else its debug file's, else its .dynsym; a function's addresses are
     * those of its symbol and its clones (the -O2 clone names below, checked to exist), never of another function
     * whose clone name has the same length, never an undefined symbol's 0.
     */
    @ParameterizedTest
    @ValueSource(strings = {"-O0", "-O2"})
    void symbolsComeFromTheBinaryItsDebugFileOrItsDynamicTable(String opt) throws IOException {
        Build b = build(opt);
        ElfFile full = ElfFile.open(b.full());
        ElfFile stripped = ElfFile.open(b.stripped());
        ElfFile debug = ElfFile.open(b.debug());
        Binary whole = new Binary(full);
        Binary split = new Binary(stripped, debug);
        Binary bare = new Binary(stripped);
        assertSame(full, whole.symbolFile());
        assertSame(debug, split.symbolFile());
        assertSame(stripped, split.elf());
        assertSame(debug, split.debugFile());
        assertSame(stripped, bare.symbolFile());
        assertSame(full, new Binary(full, debug).symbolFile());
        ElfFile noSymbols = ElfFile.open(b.debug().resolveSibling("libbin.nosyms"));
        assertTrue(noSymbols.symbols().isEmpty() && noSymbols.hasDebugInfo(), "libbin.nosyms");
        assertSame(stripped, new Binary(stripped, noSymbols).symbolFile());
        assertTrue(!split.dwarf().lineTables().isEmpty());
        List<Sym> symtab = symbols(b.full(), "-s");
        List<Sym> dynsym = symbols(b.stripped(), "--dyn-syms");
        assertEquals(names(symtab), names(whole.symbols()));
        assertEquals(names(symtab), names(split.symbols()));
        assertEquals(names(dynsym), names(bare.symbols()));

        boolean o2 = opt.equals("-O2");
        Map<String, List<String>> copies = Map.of("scale", List.of(o2 ? "scale.constprop.0" : "scale"),
                "halve", List.of(o2 ? "halve.constprop.0" : "halve"), "pick", List.of(o2 ? "pick.isra.0" : "pick"),
                "use_scale", List.of("use_scale"), "fp_plain", List.of("fp_plain"), "abort", List.of());
        for (var e : copies.entrySet()) {
            List<Long> want = e.getValue().stream().map(n -> function(symtab, n).value()).sorted().toList();
            assertEquals(want, whole.functionAddresses(e.getKey()), e.getKey());
            assertEquals(want, split.functionAddresses(e.getKey()), e.getKey());
            for (String n : e.getValue()) {
                long at = function(symtab, n).value();
                assertEquals(Optional.of(n), split.functionAt(at), n);
                assertEquals(Optional.empty(), split.functionAt(at + 1), n + "+1");
            }
        }
        assertEquals(List.of(function(dynsym, "use_scale").value()), bare.functionAddresses("use_scale"));
        assertTrue(dynsym.stream().anyMatch(s -> s.name().equals("abort") && s.value() == 0), "dynsym: " + dynsym);
        assertTrue(bare.symbols().stream().anyMatch(s -> s.name().equals("abort") && s.value() == 0),
                "abort in " + bare.symbols());
        assertEquals(List.of(), bare.functionAddresses("abort"));
        assertEquals(List.of(), split.functionAddresses("counter_table"));
        assertEquals(List.of(), bare.functionAddresses("scale"));
    }

    /**
     * Every function symbol's instructions are objdump's, decoded from the binary (a debug file's .text has no
     * bytes: none); an address outside code has none; a function sets up a frame pointer exactly when objdump shows
     * {@code mov %rsp,%rbp} in its first 16 bytes (fp_* in bin.c hold near misses: %rbx, %r13, the reverse move, the
     * move after 16 bytes of nops).
     */
    @ParameterizedTest
    @ValueSource(strings = {"-O0", "-O2"})
    void instructionsAndFramePointersAreObjdumps(String opt) throws IOException {
        Build b = build(opt);
        Binary split = new Binary(ElfFile.open(b.stripped()), ElfFile.open(b.debug()));
        Binary debugOnly = new Binary(ElfFile.open(b.debug()));
        Map<Long, String> objdump = objdump(b.full());
        List<Sym> functions = symbols(b.full(), "-s").stream()
                .filter(s -> s.type().equals("FUNC") && s.size() > 0 && !s.section().equals("UND")).toList();
        assertTrue(functions.size() > 10, "functions: " + functions);
        int framePointers = 0;
        for (Sym f : functions) {
            long end = f.value() + f.size();
            List<Long> want = objdump.keySet().stream().filter(a -> a >= f.value() && a < end).toList();
            assertEquals(want, split.instructions(f.value(), end).stream().map(Instruction::address).toList(),
                    f.name());
            assertEquals(Optional.of(f.value()), split.instructionAt(f.value()).map(Instruction::address), f.name());
            boolean fp = objdump.entrySet().stream().anyMatch(e -> e.getKey() >= f.value()
                    && e.getKey() < f.value() + 16 && e.getValue().matches("mov\\s+%rsp,%rbp"));
            framePointers += fp ? 1 : 0;
            assertEquals(fp, split.usesFramePointer(f.value()), f.name());
            assertEquals(List.of(), debugOnly.instructions(f.value(), end), f.name() + " in the debug file");
        }
        assertTrue(framePointers > 0, "no function with a frame pointer");
        long table = symbols(b.full(), "-s").stream().filter(s -> s.name().equals("counter_table")).findFirst()
                .orElseThrow().value();
        assertEquals(Optional.empty(), split.instructionAt(table));
        assertEquals(Optional.empty(), split.codeSection(table));
        assertEquals(Optional.empty(), debugOnly.instructionAt(functions.get(0).value()));
    }

    /**
     * The unit at an address is the one .debug_aranges gives it (readelf), first and last byte included, the byte
     * past the range not; a struct's layout is the one of the unit at the address (pahole on each object), and
     * every unit's layouts where no unit covers the address or the unit there does not know the struct.
     */
    @Test
    void unitsAndLayoutsFollowTheAranges() throws IOException {
        Build b = build("-O2");
        Path dir = b.full().getParent();
        Binary binary = new Binary(ElfFile.open(b.full()));
        int ranges = 0;
        long unit = -1;
        for (String l : Tools.run(dir, "readelf", "--debug-dump=aranges", b.full().toString()).split("\n")) {
            Matcher u = ARANGE_UNIT.matcher(l);
            if (u.find()) {
                unit = Long.decode(u.group(1));
            }
            Matcher r = ARANGE.matcher(l);
            if (!r.matches() || Long.parseLong(r.group(2), 16) == 0) {
                continue;
            }
            long start = Long.parseLong(r.group(1), 16);
            long length = Long.parseLong(r.group(2), 16);
            assertEquals(Optional.of(unit), binary.unitAt(start).map(Unit::offset), l);
            assertEquals(Optional.of(unit), binary.unitAt(start + length - 1).map(Unit::offset), l);
            assertTrue(!binary.unitAt(start + length).map(Unit::offset).equals(Optional.of(unit)), l);
            ranges++;
        }
        assertTrue(ranges >= 2, ranges + " address ranges");
        List<Sym> symtab = symbols(b.full(), "-s");
        for (String[] fc : new String[][] {{"pair_b1", "bin.c"}, {"pair_b2", "bin2.c"}}) {
            List<StructLayout> layouts = binary.layouts("pair", function(symtab, fc[0]).value());
            assertEquals(1, layouts.size(), fc[0]);
            assertEquals(Optional.of(8 * paholeOffset(dir, fc[1] + ".o", "pair", "b")),
                    layouts.get(0).bitOffsetOf("b"), fc[0]);
        }
        assertEquals(2, binary.layouts("pair", 0).size());
        assertEquals(2, binary.layouts("pair", function(symtab, "no_pair").value()).size(), "no pair in bin3.c");
    }

    private static long paholeOffset(Path dir, String object, String struct, String member) {
        String layout = Tools.run(dir, "pahole", "-C", struct, object);
        Matcher m = Pattern.compile("\\b" + member + ";\\s*/\\*\\s*(\\d+)").matcher(layout);
        assertTrue(m.find(), layout);
        return Long.parseLong(m.group(1));
    }

    private static Sym function(List<Sym> symbols, String name) {
        return symbols.stream().filter(s -> s.name().equals(name) && s.type().equals("FUNC")).findFirst()
                .orElseThrow(() -> new AssertionError("readelf shows no function " + name + ": " + symbols));
    }

    private static TreeSet<String> names(List<?> symbols) {
        TreeSet<String> out = new TreeSet<>();
        for (Object s : symbols) {
            String n = s instanceof Sym y ? y.name() : ((ElfSymbol) s).name();
            if (!n.isEmpty()) {
                out.add(unversioned(n));
            }
        }
        return out;
    }

    private static String unversioned(String name) {
        return name.replaceAll("@.*", "");
    }

    private static List<Sym> symbols(Path elf, String table) {
        List<Sym> out = new ArrayList<>();
        for (String l : Tools.run(elf.getParent(), "readelf", table, "-W", elf.toString()).split("\n")) {
            Matcher m = SYMBOL.matcher(l);
            if (m.matches()) {
                out.add(new Sym(unversioned(m.group(5).replaceAll(" \\(\\d+\\)$", "").trim()),
                        Long.parseLong(m.group(1), 16), Long.parseLong(m.group(2)), m.group(3), m.group(4)));
            }
        }
        return out;
    }

    /** objdump -d: address to instruction text, whitespace as objdump prints it. */
    private static Map<Long, String> objdump(Path elf) {
        Map<Long, String> out = new java.util.TreeMap<>();
        for (String l : Tools.run(elf.getParent(), "objdump", "-d", "-w", elf.toString()).split("\n")) {
            Matcher m = INSN.matcher(l);
            if (m.matches()) {
                out.put(Long.parseLong(m.group(1), 16), m.group(2).trim());
            }
        }
        return out;
    }
}
