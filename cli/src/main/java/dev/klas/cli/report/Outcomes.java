package dev.klas.cli.report;

import java.util.List;

/** Join points counted by outcome: hooked access-precise, hooked at a line, refused, unresolved. */
public record Outcomes(long precise, long line, long refused, long unresolved) {
    public static final List<String> CATEGORIES = List.of("hooked access-precise", "hooked at a line", "refused",
            "unresolved");

    public static Outcomes of(List<JoinPointRow> rows) {
        long[] n = new long[4];
        rows.forEach(r -> n[CATEGORIES.indexOf(r.category())]++);
        return new Outcomes(n[0], n[1], n[2], n[3]);
    }

    public long total() {
        return precise + line + refused + unresolved;
    }
}
