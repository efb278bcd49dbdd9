package dev.klas.advice;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** binutils and dwarves as oracles: pahole member offsets, objdump -dr instructions with their relocations. */
public final class Oracles {
    private Oracles() {
    }

    /** A hang guard for the tools the tests run: past it the process tree is killed and the test fails. */
    public static final Duration LIMIT = Duration.ofMinutes(5);

    public static String run(String... cmd) throws Exception {
        Exec.Result r = exec(List.of(cmd));
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed:\n" + r.output());
        }
        return r.output();
    }

    /** Runs {@code cmd} within {@link #LIMIT}: exit status and output (stdout and stderr merged). */
    public static Exec.Result exec(List<String> cmd) throws Exception {
        return Exec.run(new ProcessBuilder(cmd), LIMIT);
    }

    /** {@code pahole -C STRUCT}: the byte offset of {@code member}. */
    public static long memberOffset(Path elf, String struct, String member) throws Exception {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(member) + ";\\s+/\\*\\s+(\\d+)\\s").matcher(
                run("pahole", "-C", struct, elf.toString()));
        if (!m.find()) {
            throw new AssertionError("pahole shows no " + struct + "." + member);
        }
        return Long.parseLong(m.group(1));
    }

    /** {@code objdump -dr} of one section: offset in the section to the instruction text plus its relocation lines. */
    public static Map<Long, String> disassembly(Path elf, String section) throws Exception {
        Map<Long, String> out = new LinkedHashMap<>();
        Pattern insn = Pattern.compile("^\\s*([0-9a-f]+):\\t(.*)$");
        Pattern reloc = Pattern.compile("^\\s*[0-9a-f]+: (R_X86_64_\\S+\\s+\\S+)$");
        List<String> lines = new ArrayList<>(List.of(run("objdump", "-dr", "--no-show-raw-insn", "-j", section,
                elf.toString()).split("\n")));
        long last = -1;
        for (String l : lines) {
            Matcher r = reloc.matcher(l);
            Matcher i = insn.matcher(l);
            if (r.matches() && last >= 0) {
                out.put(last, out.get(last) + " ; " + r.group(1));
            } else if (i.matches()) {
                last = Long.parseLong(i.group(1), 16);
                out.put(last, i.group(2));
            }
        }
        return out;
    }
}
