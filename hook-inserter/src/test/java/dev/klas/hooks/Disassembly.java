package dev.klas.hooks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The functions of an ELF file as objdump disassembles them (the oracle; no decoder of ours). */
final class Disassembly {
    private static final Pattern HEADER = Pattern.compile("^([0-9a-f]+) <(.+)>:$");
    private static final Pattern LINE = Pattern.compile("^\\s*([0-9a-f]+):\\t([0-9a-f ]+?)\\s*\\t(.*)$");

    private final Map<String, List<Insn>> functions = new LinkedHashMap<>();
    private final Path elf;

    /** objdump -d -M intel --insn-width=16 FILE */
    Disassembly(Path elf) {
        this.elf = elf;
        Run r = Run.of(elf.getParent(), List.of("objdump", "-d", "-M", "intel", "--insn-width=16", elf.toString())).ok();
        List<Insn> current = null;
        for (String line : r.out().split("\n")) {
            Matcher h = HEADER.matcher(line);
            if (h.matches()) {
                current = new ArrayList<>();
                functions.put(h.group(2), current);
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (current != null && m.matches()) {
                byte[] bytes = HexFormat.of().parseHex(m.group(2).replace(" ", ""));
                current.add(new Insn(Long.parseUnsignedLong(m.group(1), 16), bytes, m.group(3).trim()));
            }
        }
    }

    /** FUNCTION's instructions; a symbol objdump folded into another label at the same address is found through nm. */
    List<Insn> function(String name) {
        List<Insn> f = functions.get(name);
        if (f != null && !f.isEmpty()) {
            return f;
        }
        Run nm = Run.of(elf.getParent(), List.of("nm", elf.toString())).ok();
        for (String line : nm.out().split("\n")) {
            String[] p = line.trim().split("\\s+");
            if (p.length == 3 && p[2].equals(name)) {
                long addr = Long.parseUnsignedLong(p[0], 16);
                for (List<Insn> block : functions.values()) {
                    for (int i = 0; i < block.size(); i++) {
                        if (block.get(i).addr() == addr) {
                            return block.subList(i, block.size());
                        }
                    }
                }
            }
        }
        throw new AssertionError("objdump shows no function " + name);
    }

    /** The only instruction of FUNCTION whose text contains NEEDLE (e.g. a store to "[rdi+0x10],"). */
    Insn only(String function, Pattern needle) {
        List<Insn> hits = function(function).stream().filter(i -> needle.matcher(i.text()).find()).toList();
        if (hits.size() != 1) {
            throw new AssertionError("expected one match of " + needle + " in " + function + ", got " + hits);
        }
        return hits.get(0);
    }
}
