package dev.klas.resolve.x86;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The size of a memory access as objdump's AT&amp;T text shows it, where it shows it unambiguously: an integer
 * mnemonic's size suffix ({@code movl}, {@code addq}), the movzx/movsx source suffix ({@code movzbl}), the width of
 * the one general-purpose register of a two-operand integer instruction ({@code mov %eax,0x8(%rdi)}), or the vector
 * register of a plain SIMD move ({@code vmovdqu (%rsi),%ymm0}). Everything else is not judged.
 */
final class ObjdumpSizes {
    private ObjdumpSizes() {
    }

    private static final String INTEGER = "mov|add|sub|and|or|xor|cmp|test|adc|sbb|inc|dec|neg|not|mul|imul|div|idiv"
            + "|shl|shr|sar|sal|rol|ror|rcl|rcr|xadd|cmpxchg|xchg|bt|bts|btr|btc";
    private static final Pattern SUFFIXED = Pattern.compile("(" + INTEGER + ")([bwlq])");
    private static final Pattern PLAIN = Pattern.compile("(?:" + INTEGER.replace("|shl|shr|sar|sal|rol|ror|rcl|rcr", "")
            + ")");
    private static final Pattern EXTEND = Pattern.compile("mov([sz])([bwl])[wlq]");
    private static final Pattern VECTOR_MOVE = Pattern.compile(
            "v?mov(aps|ups|apd|upd|dqa|dqu|dqa32|dqa64|dqu8|dqu16|dqu32|dqu64)|v?movntdq|v?movntp[sd]|v?lddqu");
    private static final Pattern SCALAR_MOVE = Pattern.compile("v?mov(ss|sd|d)");
    private static final Pattern GPR = Pattern.compile("%(r[a-z0-9]+|e[a-z]{2}|[a-d]x|[sd]i|[sb]p|[a-d][lh]|[sd]il"
            + "|[sb]pl|r\\d+[dwb])\\b");
    private static final Pattern VREG = Pattern.compile("%([xyz])mm\\d+");
    private static final Map<Character, Integer> SUFFIX = Map.of('b', 1, 'w', 2, 'l', 4, 'q', 8);

    static Optional<Integer> size(ObjdumpInstruction insn) {
        if (insn.memory().isEmpty()) {
            return Optional.empty();
        }
        String m = insn.mnemonic();
        String operands = operands(insn.text());
        Matcher extend = EXTEND.matcher(m);
        if (extend.matches()) {
            return Optional.of(SUFFIX.get(extend.group(2).charAt(0)));
        }
        if (SUFFIXED.matcher(m).matches()) {
            return Optional.of(SUFFIX.get(m.charAt(m.length() - 1)));
        }
        if (PLAIN.matcher(m).matches() && operands.split(",(?![^(]*\\))").length == 2) {
            Matcher reg = GPR.matcher(operands.replaceAll("\\([^)]*\\)", ""));
            if (reg.find()) {
                return Optional.of(gprWidth(reg.group(1)));
            }
        }
        if (SCALAR_MOVE.matcher(m).matches() && VREG.matcher(operands).find()) {
            return Optional.of(m.endsWith("ss") || m.endsWith("d") && !m.endsWith("sd") ? 4 : 8);
        }
        if (m.matches("v?movq") && VREG.matcher(operands).find()) {
            return Optional.of(8);
        }
        if (VECTOR_MOVE.matcher(m).matches()) {
            Matcher reg = VREG.matcher(operands);
            if (reg.find()) {
                return Optional.of(switch (reg.group(1)) {
                    case "x" -> 16;
                    case "y" -> 32;
                    default -> 64;
                });
            }
        }
        return Optional.empty();
    }

    private static String operands(String text) {
        String body = text.contains("#") ? text.substring(0, text.indexOf('#')) : text;
        String[] words = body.trim().split("\\s+", 2);
        String rest = words.length > 1 ? words[1] : "";
        while (rest.matches("^[a-z0-9.]+\\s.*") && !rest.startsWith("%")) {
            rest = rest.split("\\s+", 2)[1];
        }
        return rest.replaceAll("\\{[^}]*}", "");
    }

    private static int gprWidth(String name) {
        if (name.matches("r\\d+d|e[a-z]{2}")) {
            return 4;
        }
        if (name.matches("r\\d+w|[a-d]x|[sd]i|[sb]p")) {
            return 2;
        }
        if (name.matches("r\\d+b|[a-d][lh]|[sd]il|[sb]pl")) {
            return 1;
        }
        return 8;
    }
}
