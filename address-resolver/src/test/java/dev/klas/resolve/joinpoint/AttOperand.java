package dev.klas.resolve.joinpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A memory operand as objdump prints it in AT&amp;T syntax, {@code %seg:disp(%base,%index,scale)}, every part
 * optional (a bare {@code 0x...} is an absolute address); registers keep their {@code %}. Immediates and registers
 * are not memory; branch targets ({@code 1030 <free@plt>}) must not be passed in.
 */
record AttOperand(Optional<String> segment, long displacement, Optional<String> base, Optional<String> index,
                  int scale) {
    private static final Pattern MEMORY = Pattern.compile(
            "\\*?(?:(%[c-gs]s):)?(-?0x[0-9a-f]+)?(?:\\((%[a-z0-9]+)?(?:,(%[a-z0-9]+)(?:,([1248]))?)?\\))?");

    /** The operand as memory, when it is one. */
    static Optional<AttOperand> parse(String operand) {
        Matcher m = MEMORY.matcher(operand);
        if (!m.matches() || m.group(2) == null && m.group(3) == null && m.group(4) == null) {
            return Optional.empty();
        }
        String disp = m.group(2);
        long displacement = disp == null ? 0 : disp.startsWith("-")
                ? -Long.parseUnsignedLong(disp.substring(disp.indexOf('x') + 1), 16)
                : Long.parseUnsignedLong(disp.substring(2), 16);
        return Optional.of(new AttOperand(Optional.ofNullable(m.group(1)), displacement,
                Optional.ofNullable(m.group(3)), Optional.ofNullable(m.group(4)),
                m.group(5) == null ? 1 : Integer.parseInt(m.group(5))));
    }

    /** The operands of an objdump operand column, split at the commas outside parentheses. */
    static List<String> split(String operands) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < operands.length(); i++) {
            char c = operands.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(operands.substring(start, i).trim());
                start = i + 1;
            }
        }
        if (start < operands.length()) {
            out.add(operands.substring(start).trim());
        }
        return out;
    }
}
