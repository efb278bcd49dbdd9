package dev.klas.hooks;

import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One instruction as objdump -d -M intel --insn-width=16 prints it. */
record Insn(long addr, byte[] bytes, String text) {
    private static final Pattern TARGET = Pattern.compile("^(j\\w*|call|loop\\w*)\\s+([0-9a-f]+) <");
    private static final Pattern RIP_COMMENT = Pattern.compile("\\[rip[+-]0x[0-9a-f]+\\].*#\\s+([0-9a-f]+)");

    int len() {
        return bytes.length;
    }

    long end() {
        return addr + bytes.length;
    }

    /** The address a direct branch goes to. */
    OptionalLong branchTarget() {
        Matcher m = TARGET.matcher(text);
        return m.find() ? OptionalLong.of(Long.parseUnsignedLong(m.group(2), 16)) : OptionalLong.empty();
    }

    /** A branch whose displacement is 8 bits: it cannot be moved (Intel SDM Vol. 2, Jcc/JMP rel8). */
    boolean rel8Branch() {
        int op = bytes[0] & 0xff;
        return branchTarget().isPresent() && bytes.length == 2 && (op >= 0x70 && op <= 0x7f || op == 0xeb
                || op >= 0xe0 && op <= 0xe3);
    }

    /** Offset of the rel32 relative to the instruction's end (branch or RIP-relative operand), or -1. */
    int rel32At() {
        OptionalLong target = branchTarget();
        Matcher m = RIP_COMMENT.matcher(text);
        if (target.isEmpty() && m.find()) {
            target = OptionalLong.of(Long.parseUnsignedLong(m.group(1), 16));
        }
        if (target.isEmpty() || rel8Branch()) {
            return -1;
        }
        int rel = (int) (target.getAsLong() - end());
        for (int i = 1; i + 4 <= bytes.length; i++) {
            int v = (bytes[i] & 0xff) | (bytes[i + 1] & 0xff) << 8 | (bytes[i + 2] & 0xff) << 16 | bytes[i + 3] << 24;
            if (v == rel) {
                return i;
            }
        }
        throw new AssertionError("rel32 " + rel + " not found in " + HexFormat.of().formatHex(bytes) + " " + text);
    }
}
