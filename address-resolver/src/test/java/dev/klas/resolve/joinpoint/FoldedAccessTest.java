package dev.klas.resolve.joinpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.Tools;
import dev.klas.resolve.elf.ElfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * samples/fold-user at -O2 ({@code gcc -O2 -g -o OUT main.c fold.c}): the read of {@code p->len} in the inlined
 * accessor len_of (fold.h) is folded into its callers' instructions. Each caller's line in fold.c says how many of
 * its copies become ACCESS and how many stay LINE ({@code : N ACCESS}, {@code : N LINE}); an ACCESS must be, by
 * objdump, an instruction of that function reading {@code pahole's offset(%reg)}, where %reg is the register
 * objdump's DWARF gives one of the function's pointer parameters, and a LINE must say why.
 */
class FoldedAccessTest {
    private static final Pattern EXPECT = Pattern.compile("^int (\\w+)\\(|: (\\d+) (ACCESS|LINE) \\*/");

    /**
     * The program, where copies of no code stand beside via's copy that kept an instruction; and fold.c alone as a
     * shared library with -DFOLD_ALONE, where is_big's copy is the line's only one and has no code.
     */
    @ParameterizedTest
    @CsvSource({"fold-user, main.c fold.c", "libfold.so, -shared -fPIC -DFOLD_ALONE fold.c"})
    void readsFoldedIntoTheCallerAreAccessPreciseWhereDwarfProvesThePointersRegister(String out, String args,
                                                                                     @TempDir Path dir)
            throws Exception {
        Path src = MbufSample.dir().resolveSibling("fold-user");
        Path exe = dir.resolve(out);
        List<String> gcc = new ArrayList<>(List.of("gcc", "-O2", "-g", "-o", exe.toString()));
        gcc.addAll(List.of(args.split(" ")));
        Tools.run(src, gcc);
        Objdump objdump = Objdump.of(exe);
        long offset = Long.parseLong(Tools.run(dir, "sh", "-c", "pahole -C pkt " + exe
                + " | sed -n 's/.*\\blen;.*\\/\\*[[:space:]]*\\([0-9]*\\).*/\\1/p'").trim());
        Map<String, String> expected = expectations(src.resolve("fold.c"));
        expected.keySet().retainAll(objdump.code().values().stream().map(Insn::function).toList());
        Map<String, Set<String>> registers = pointerRegisters(exe);
        int line = lineOf(src.resolve("fold.h"), "return p->len;");
        Resolution r = new Resolver(new Binary(ElfFile.open(exe)))
                .resolve(new SourcePlace(PlaceKind.FIELD_READ, "fold.h", line, 0, "pkt", "len", "len_of"));
        Map<String, String> got = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (JoinPoint jp : r.joinPoints()) {
            Insn insn = objdump.code().get(jp.address());
            String kind = jp.precisionLabel();
            got.compute(insn.function(), (f, was) -> count(was, kind));
            if (jp.precision() instanceof Precision.Line l) {
                if (!l.reason().contains("nor does an instruction of the caller's line through the pointer")) {
                    problems.add(insn + ": LINE without the reason: " + l.reason());
                }
                continue;
            }
            AttOperand m = insn.memory().orElseThrow();
            if (m.displacement() != offset || !registers.get(insn.function()).contains(m.base().orElse(""))
                    || !insn.direction().reads() || m.index().isPresent()) {
                problems.add(insn + ": not a read of " + offset + "(pointer parameter " + registers
                        .get(insn.function()) + ")");
            }
            if (!jp.precision().toString().contains(m.base().get())) {
                problems.add(insn + ": klas's operand " + jp.precision());
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertEquals(expected, got);
    }

    private static String count(String was, String kind) {
        Map<String, Integer> n = new TreeMap<>();
        if (was != null && !was.isEmpty()) {
            for (String part : was.split(", ")) {
                n.put(part.split(" ")[1], Integer.parseInt(part.split(" ")[0]));
            }
        }
        n.merge(kind, 1, Integer::sum);
        List<String> out = new ArrayList<>();
        n.forEach((k, v) -> out.add(v + " " + k));
        return String.join(", ", out);
    }

    /** Function -> "N ACCESS" or "N LINE", from the comments of fold.c. */
    private static Map<String, String> expectations(Path file) throws IOException {
        Map<String, String> out = new TreeMap<>();
        String function = "";
        for (String l : Files.readAllLines(file)) {
            Matcher m = EXPECT.matcher(l);
            while (m.find()) {
                if (m.group(1) != null) {
                    function = m.group(1);
                } else {
                    out.put(function, m.group(2) + " " + m.group(3));
                }
            }
        }
        return out;
    }

    /** Function -> the registers objdump's DWARF names as its formal parameters' single locations. */
    private static Map<String, Set<String>> pointerRegisters(Path exe) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        String function = null;
        boolean concrete = false;
        for (String die : Tools.run(exe.getParent(), "objdump", "--dwarf=info", exe.toString()).split("\n <")) {
            Matcher name = Pattern.compile("DW_AT_name\\s*:.*?(\\w+)\\s*\n").matcher(die);
            if (die.startsWith("1>") && die.contains("DW_TAG_subprogram")) {
                function = name.find() ? name.group(1) : null;
                concrete = die.contains("DW_AT_low_pc");
            } else if (die.startsWith("1>")) {
                function = null;
            } else if (die.startsWith("2>") && die.contains("DW_TAG_formal_parameter") && function != null
                    && concrete) {
                Matcher reg = Pattern.compile("DW_AT_location\\s*:.*\\(DW_OP_reg\\d+ \\((\\w+)\\)\\)").matcher(die);
                if (reg.find()) {
                    out.computeIfAbsent(function, k -> new TreeSet<>()).add("%" + reg.group(1));
                }
            }
        }
        return out;
    }

    private static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }
}
