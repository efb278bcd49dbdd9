package dev.klas.cli.report;

import java.util.List;

/**
 * One join point of one aspect as the weave recorded it ({@code joinpoints.json}): where it is written, where it
 * resolved to, and what became of it.
 *
 * @param outcome   {@code hooked}, {@code refused} or {@code unresolved}
 * @param precision {@code ACCESS}, {@code CALL}, {@code ENTRY} or {@code LINE}; empty when unresolved
 * @param reason    why it was refused or unresolved; for a hooked join point the mechanism's note, if any
 */
public record JoinPointRow(String aspect, String pointcut, String kind, String struct, String member, String file,
                           int line, int column, String function, String address, String symbol, long offset,
                           List<String> inline, String precision, String operand, String mechanism, String outcome,
                           String reason) {
    public JoinPointRow {
        inline = List.copyOf(inline);
    }

    /** The key a hit count is found by: {@code symbol+offset}, as the runtimes name a hook. */
    public String hookKey() {
        return symbol + "+" + offset;
    }

    /** {@code struct.member}, the member or callee alone, or empty. */
    public String what() {
        return struct.isEmpty() ? member : struct + "." + member;
    }

    /** {@code symbol+0xOFF} or empty when unresolved. */
    public String location() {
        return symbol.isEmpty() ? "" : offset == 0 ? symbol : symbol + "+0x" + Long.toHexString(offset);
    }

    /** One of the four outcome classes the index counts. */
    public String category() {
        return switch (outcome) {
            case "hooked" -> precision.equals("LINE") ? "hooked at a line" : "hooked access-precise";
            case "refused" -> "refused";
            default -> "unresolved";
        };
    }
}
