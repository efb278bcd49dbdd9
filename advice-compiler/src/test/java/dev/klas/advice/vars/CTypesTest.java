package dev.klas.advice.vars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.Exec;
import dev.klas.resolve.dwarf.Die;
import dev.klas.resolve.dwarf.DwAt;
import dev.klas.resolve.dwarf.DwTag;
import dev.klas.resolve.dwarf.DwarfInfo;
import dev.klas.resolve.dwarf.Unit;
import dev.klas.resolve.elf.ElfFile;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A differential test of {@link CTypes}: every g_* global of types.c is declared as {@code $name} from its DWARF
 * type, with the definitions klas writes, in a program that prints its size and the offset of each member (and of
 * each member's members), and for each bit-field the object's bytes and the field's value after storing all ones
 * and a pattern into it (its place, width and signedness); the same program over the original source (gcc's own
 * layout) must print the same lines.
 */
class CTypesTest {
    @Test
    void declarationsFromDwarfHaveTheSizesAndOffsetsGccGivesTheSource(@TempDir Path dir) throws Exception {
        try (InputStream in = CTypesTest.class.getResourceAsStream("types.c")) {
            Files.copy(in, dir.resolve("types.c"));
        }
        run(dir, "gcc", "-g", "-O0", "-c", "-o", "types.o", "types.c");
        DwarfInfo dwarf = DwarfInfo.of(ElfFile.open(dir.resolve("types.o")));
        CTypes types = new CTypes();
        List<String> decls = new ArrayList<>();
        List<String> prints = new ArrayList<>();
        for (Unit u : dwarf.units()) {
            for (Die d : u.dies().get(0).children()) {
                String name = d.name().orElse("");
                if (d.tag() != DwTag.VARIABLE || !name.startsWith("g_")) {
                    continue;
                }
                decls.add(types.declare(d.reference(DwAt.TYPE), "$" + name) + ";");
                prints.add("P(\"" + name + "\", sizeof $" + name + ");");
                members(name, d.reference(DwAt.TYPE), "$" + name, d.reference(DwAt.TYPE), List.of(), prints, 0);
            }
        }
        assertTrue(prints.size() > 40, String.join("\n", prints));
        assertTrue(prints.stream().filter(p -> p.startsWith("B(")).count() >= 2 * 10, String.join("\n", prints));
        String print = "#define P(what, n) printf(\"%s %zu\\n\", what, (size_t)(n))\n"
                + "#define B(what, obj, lv, v, rd) do { memset(&(obj), 0, sizeof(obj)); (lv) = (v);"
                + " printf(\"%s %lld %lld:\", what, (long long)(lv), (long long)(rd));"
                + " for (size_t i = 0; i < sizeof(obj); i++) printf(\" %02x\", ((unsigned char *)&(obj))[i]);"
                + " printf(\"\\n\"); } while (0)\n";
        String ours = "#include <stdio.h>\n#include <stddef.h>\n#include <stdint.h>\n#include <string.h>\n" + print
                + "#define KLAS_BITS(T, p, off, n, value) ({ uint64_t klas_b = 0;"
                + " memcpy(&klas_b, (const char *)(p) + (off), (n)); (T)(value); })\n"
                + "#define READ(lv, bits) (bits)\n"
                + "int main(void)\n{\n" + types.definitions() + String.join("\n", decls) + "\n"
                + String.join("\n", prints) + "\nreturn 0;\n}\n";
        String theirs = "#include <stdio.h>\n#include <stddef.h>\n#include <string.h>\n#include \"types.c\"\n" + print
                + "#define READ(lv, bits) (lv)\n"
                + "int main(void)\n{\n" + String.join("\n", prints).replace("$", "") + "\nreturn 0;\n}\n";
        Files.writeString(dir.resolve("ours.c"), ours);
        Files.writeString(dir.resolve("theirs.c"), theirs);
        run(dir, "gcc", "-w", "-o", "ours", "ours.c");
        run(dir, "gcc", "-w", "-o", "theirs", "theirs.c");
        assertEquals(run(dir, dir.resolve("theirs").toString()), run(dir, dir.resolve("ours").toString()), ours);
    }

    /**
     * offsetof of each named, non-bit-field member, into nested structs (array elements: the first); for a
     * bit-field, the bytes of {@code object} and the field's value after storing -1 and 0x5a5a5a5a5a into it, read
     * by C and (in ours) as {@link ChainBits} reads it on linux-kprobes, KLAS_BITS being a memcpy here.
     */
    private static void members(String label, Optional<Die> root, String expr, Optional<Die> declared,
                                List<String> steps, List<String> prints, int depth) {
        String object = expr.replaceAll("[.\\[].*", "");
        Optional<Die> type = CTypes.strip(declared);
        if (type.isEmpty() || depth > 2) {
            return;
        }
        Die t = type.get();
        if (t.tag() == DwTag.ARRAY_TYPE) {
            members(label + "[0]", root, expr + "[0]", t.reference(DwAt.TYPE), List.of(), prints, depth);
            return;
        }
        if (t.tag() != DwTag.STRUCTURE_TYPE && t.tag() != DwTag.UNION_TYPE) {
            return;
        }
        for (Die m : t.children()) {
            if (m.tag() != DwTag.MEMBER || m.name().isEmpty()) {
                continue;
            }
            String name = m.name().get();
            List<String> path = new ArrayList<>(steps);
            path.add("." + name);
            if (m.has(DwAt.BIT_SIZE)) {
                String bits = label.contains("[") ? expr + "." + name
                        : ChainBits.read(root, path, "&" + object)
                        .orElseThrow(() -> new AssertionError(label + "." + name + " is a bit-field"));
                for (String v : List.of("-1", "0x5a5a5a5a5aLL")) {
                    prints.add("B(\"" + label + "." + name + "=" + v + "\", " + object + ", " + expr + "." + name
                            + ", " + v + ", READ(" + expr + "." + name + ", " + bits + "));");
                }
                continue;
            }
            prints.add("P(\"" + label + "." + name + "\", (char *)&" + expr + "." + name + " - (char *)&" + expr
                    + ");");
            prints.add("P(\"sizeof " + label + "." + name + "\", sizeof " + expr + "." + name + ");");
            members(label + "." + name, root, expr + "." + name, m.reference(DwAt.TYPE), path, prints, depth + 1);
        }
    }

    private static String run(Path dir, String... cmd) throws Exception {
        Exec.Result r = Exec.run(new ProcessBuilder(cmd).directory(dir.toFile()), java.time.Duration.ofMinutes(2));
        assertEquals(0, r.exit(), String.join(" ", cmd) + ":\n" + r.output());
        return r.output();
    }
}
