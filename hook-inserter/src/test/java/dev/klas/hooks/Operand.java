package dev.klas.hooks;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A memory operand read from objdump's Intel syntax, with registers numbered as in ModRM (klas_runtime.h). */
record Operand(int base, int index, int scale, boolean ripRelative, int disp, int size) {
    private static final List<String> REGS = List.of("rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
            "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15");
    private static final Pattern MEM = Pattern.compile("(BYTE|WORD|DWORD|QWORD) PTR (?:[a-z]s:)?\\[([^\\]]+)\\]");

    /** The memory operand of an instruction, if it has one. */
    static Optional<Operand> of(Insn insn) {
        Matcher m = MEM.matcher(insn.text());
        if (!m.find()) {
            return Optional.empty();
        }
        int size = switch (m.group(1)) {
            case "BYTE" -> 1;
            case "WORD" -> 2;
            case "DWORD" -> 4;
            default -> 8;
        };
        int base = -1;
        int index = -1;
        int scale = 1;
        boolean rip = false;
        long disp = 0;
        Matcher t = Pattern.compile("([+-]?)([a-z0-9]+)(?:\\*(\\d))?").matcher(m.group(2));
        while (t.find()) {
            String term = t.group(2);
            if (term.startsWith("0x")) {
                long v = Long.parseLong(term.substring(2), 16);
                disp += t.group(1).equals("-") ? -v : v;
            } else if (term.equals("rip")) {
                rip = true;
            } else if (t.group(3) != null) {
                index = reg(term);
                scale = Integer.parseInt(t.group(3));
            } else if (base < 0) {
                base = reg(term);
            } else {
                index = reg(term);
            }
        }
        if (rip) {
            int at = insn.rel32At();
            byte[] b = insn.bytes();
            disp = (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | b[at + 3] << 24;
        }
        return Optional.of(new Operand(base, index, scale, rip, (int) disp, size));
    }

    private static int reg(String name) {
        int r = REGS.indexOf(name);
        if (r < 0) {
            throw new AssertionError("not a 64-bit general register: " + name);
        }
        return r;
    }
}
