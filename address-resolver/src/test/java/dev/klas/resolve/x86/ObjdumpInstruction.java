package dev.klas.resolve.x86;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of {@code objdump -d -w -z} output (AT&amp;T syntax), parsed into what the decoder is compared on:
 * raw bytes, mnemonic, explicit memory operand and direct branch target.
 *
 * @param address  address objdump printed
 * @param bytes    the raw bytes column (with -w objdump never wraps it onto a continuation line)
 * @param mnemonic the mnemonic, prefix words and branch hints removed
 * @param text     the whole disassembly text, for messages
 * @param memory   explicit memory operand, if objdump shows one (implicit string/port operands excluded)
 * @param target   direct branch target, or the {@code # addr} comment of a RIP-relative operand
 * @param immediates the {@code $} immediates in operand order
 * @param indirect the operand is {@code *}-prefixed (indirect branch)
 */
record ObjdumpInstruction(long address, byte[] bytes, String mnemonic, String text, Optional<Memory> memory,
                          Optional<Long> target, List<Long> immediates, boolean indirect) {

    /** A memory operand as objdump prints it; registers without {@code %}; riz/eiz index means none. */
    record Memory(Optional<String> segment, Optional<String> base, Optional<String> index, int scale,
                  long displacement) {
    }

    private static final Pattern LINE = Pattern.compile("^\\s*([0-9a-f]+):\\t([0-9a-f ]+)\\t?(.*)$");
    private static final Pattern PREFIX_WORD = Pattern.compile(
            "lock|rep[a-z]*|bnd|notrack|data16|data32|addr32|addr16|[c-gs]s|rex(\\.[WRXB]+)?|rex64"
                    + "|xacquire|xrelease|\\{[a-z0-9]+}");
    private static final Pattern IMPLICIT = Pattern.compile(
            "(movs|stos|lods|scas|cmps|ins|outs)[bwlq]?|xlat|xlatb|in|out");
    private static final Pattern BRANCH = Pattern.compile(
            "j[a-z]+|call[wlq]?|loop[a-z]*|xbegin[wl]?");
    private static final Pattern MEMORY = Pattern.compile(
            "(?:%([a-z]s):)?(-?0x[0-9a-f]+)?\\((%[a-z0-9]+)?(?:,(%[a-z0-9]+))?(?:,([1248]))?\\)");
    private static final Pattern ABSOLUTE = Pattern.compile("\\*?(?:%([a-z]s):)?(0x[0-9a-f]+)");
    private static final Pattern IMMEDIATE = Pattern.compile("\\$(0x[0-9a-f]+)");
    private static final Pattern READ_LAST = Pattern.compile(
            "(cmp|test|bt)[bwlq]?|push[wlq]?|l?call[wlq]?|l?jmp[wlq]?"
                    + "|f(i?ld|bld|i?com|ucom|i?add|i?sub|i?mul|i?div)[a-z]*|f?x?rstor[a-z0-9]*|v?ldmxcsr"
                    + "|(i?mul|i?div)[bwlq]?|lgdt[a-z]*|lidt[a-z]*|lldt|ltr|lmsw|verr|verw|prefetch[a-z0-9]*"
                    + "|nop[wlq]?|clflush[a-z]*|clwb|cldemote|invlpg|vmptrld|vmclear|vmxon|ptwrite[lq]?|rstorssp");
    private static final Pattern TARGET = Pattern.compile("(?:0x)?([0-9a-f]+)(?: <.*>)?");

    /** Parses an instruction line; empty for headers, labels and blank lines. */
    static Optional<ObjdumpInstruction> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        long address = Long.parseUnsignedLong(m.group(1), 16);
        byte[] bytes = HexFormat.of().parseHex(m.group(2).replace(" ", ""));
        String text = m.group(3).trim();
        int hash = text.indexOf('#');
        String comment = hash >= 0 ? text.substring(hash + 1).trim() : "";
        String body = hash >= 0 ? text.substring(0, hash).trim() : text;
        String[] words = body.split("\\s+", -1);
        int i = 0;
        while (i < words.length - 1 && PREFIX_WORD.matcher(words[i]).matches()) {
            i++;
        }
        String mnemonic = words.length == 0 ? "" : words[i].replaceAll(",p[tn]$", "");
        String operands = i + 1 < words.length ? String.join(" ", java.util.Arrays.copyOfRange(words, i + 1,
                words.length)) : "";
        Optional<Long> target = Optional.empty();
        Optional<Memory> memory = Optional.empty();
        if (BRANCH.matcher(mnemonic).matches() && !operands.startsWith("*")) {
            Matcher t = TARGET.matcher(operands);
            if (t.matches()) {
                target = Optional.of(Long.parseUnsignedLong(t.group(1), 16));
            }
        }
        if (target.isEmpty() && !IMPLICIT.matcher(mnemonic).matches()) {
            memory = memory(operands.replaceAll(" <[^>]*>", ""));
            if (!comment.isEmpty() && memory.flatMap(Memory::base).filter(b -> b.endsWith("ip")).isPresent()) {
                Matcher t = TARGET.matcher(comment);
                if (t.matches()) {
                    target = Optional.of(Long.parseUnsignedLong(t.group(1), 16));
                }
            }
        }
        List<Long> immediates = new ArrayList<>();
        Matcher imm = IMMEDIATE.matcher(operands.replaceAll(" <[^>]*>", ""));
        while (imm.find()) {
            immediates.add(Long.parseUnsignedLong(imm.group(1).substring(2), 16));
        }
        return Optional.of(new ObjdumpInstruction(address, bytes, mnemonic, text, memory, target,
                List.copyOf(immediates), operands.startsWith("*")));
    }

    /**
     * True when the instruction stores to its memory operand as AT&amp;T order shows it: the memory operand is the
     * last (destination) one and the mnemonic is not one that only reads its last operand (CMP, TEST, PUSH, ...;
     * VMPTRLD, VMCLEAR and VMXON read the 64-bit physical address their operand holds, SDM Vol. 3 chapter 31).
     */
    boolean writesMemory() {
        String body = text.contains("#") ? text.substring(0, text.indexOf('#')) : text;
        String operands = body.replaceAll(" <[^>]*>", "").replaceAll("\\{[^}]*}", "").trim();
        int depth = 0;
        int lastComma = -1;
        for (int i = 0; i < operands.length(); i++) {
            char c = operands.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                lastComma = i;
            }
        }
        String last = operands.substring(lastComma + 1).trim();
        if (lastComma < 0) {
            String[] words = last.split("\\s+");
            last = words[words.length - 1];
        }
        boolean memoryLast = last.contains("(") || ABSOLUTE.matcher(last).matches();
        return memoryLast && !READ_LAST.matcher(mnemonic).matches();
    }

    /** Control flow as the mnemonic says it. */
    Flow flow() {
        String m = mnemonic;
        if (m.matches("l?call[wlq]?")) {
            return indirect || m.startsWith("l") ? Flow.INDIRECT_CALL : Flow.CALL;
        }
        if (m.matches("l?jmp[wlq]?")) {
            return indirect || m.startsWith("l") ? Flow.INDIRECT_JUMP : Flow.JUMP;
        }
        if (m.matches("j[a-z]+|loop[a-z]*")) {
            return Flow.CONDITIONAL_JUMP;
        }
        if (m.matches("l?ret[wlqf]?|iret[wdq]?")) {
            return Flow.RETURN;
        }
        return Flow.SEQUENTIAL;
    }

    /**
     * True when objdump declined: {@code (bad)}, or {@code .byte} where an instruction would run over a symbol
     * boundary (the kernel's retbleed/SRSO untraining thunks deliberately overlap instructions).
     */
    boolean bad() {
        return text.contains("(bad)") || text.startsWith(".byte");
    }

    /** True when objdump printed only prefix names (it splits a prefix it cannot attach to the next opcode). */
    boolean prefixOnly() {
        for (String word : text.split("\\s+")) {
            if (!PREFIX_WORD.matcher(word).matches()) {
                return false;
            }
        }
        return true;
    }

    private static Optional<Memory> memory(String operands) {
        Matcher m = MEMORY.matcher(operands);
        if (m.find()) {
            String disp = m.group(2);
            long displacement = disp == null ? 0 : disp.startsWith("-")
                    ? -Long.parseUnsignedLong(disp.substring(3), 16) : Long.parseUnsignedLong(disp.substring(2), 16);
            Optional<String> index = Optional.ofNullable(m.group(4)).map(s -> s.substring(1))
                    .filter(s -> !s.equals("riz") && !s.equals("eiz"));
            int scale = index.isPresent() && m.group(5) != null ? Integer.parseInt(m.group(5)) : 1;
            return Optional.of(new Memory(Optional.ofNullable(m.group(1)),
                    Optional.ofNullable(m.group(3)).map(s -> s.substring(1)), index, scale, displacement));
        }
        for (String operand : operands.split(",")) {
            Matcher a = ABSOLUTE.matcher(operand.trim());
            if (a.matches()) {
                return Optional.of(new Memory(Optional.ofNullable(a.group(1)), Optional.empty(), Optional.empty(), 1,
                        Long.parseUnsignedLong(a.group(2).substring(2), 16)));
            }
        }
        return Optional.empty();
    }
}
