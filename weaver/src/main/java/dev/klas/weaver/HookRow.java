package dev.klas.weaver;

import java.util.List;

/**
 * One hook that went into a weave's output, as {@code klas weave} prints it and {@code --format json} writes it.
 *
 * @param location  {@code symbol+0xOFF}
 * @param precision {@code ACCESS} (the instruction that touches the member), {@code CALL} (the call instruction),
 *                  {@code ENTRY} (a function's first instruction, or an inlined copy's entry), {@code LINE} (the
 *                  start of the line's code: nothing finer was found) — the words {@code klas resolve} uses
 * @param mechanism {@code kprobe}, {@code int3} or {@code jump}
 * @param note      why the mechanism was chosen, when the planner says; empty otherwise
 * @param afterReturn aspects whose advice-after runs when the function returns
 * @param afterCall   aspects whose advice-after runs after the call
 */
public record HookRow(String location, String file, int line, List<String> aspects, String precision,
                      String mechanism, String note, List<String> afterReturn, List<String> afterCall) {
    public HookRow {
        aspects = List.copyOf(aspects);
        afterReturn = List.copyOf(afterReturn);
        afterCall = List.copyOf(afterCall);
    }

    /** {@code symbol+0xOFF \t file:line \t aspects \t PRECISION \t mechanism[ (note)][\tafter-return A][\tafter-call A]}. */
    public String text() {
        return location + "\t" + file + ":" + line + "\t" + (aspects.isEmpty() ? "-" : String.join(",", aspects)) + "\t"
                + precision + "\t" + mechanism + (note.isEmpty() ? "" : " (" + note + ")")
                + (afterReturn.isEmpty() ? "" : "\tafter-return " + String.join(",", afterReturn))
                + (afterCall.isEmpty() ? "" : "\tafter-call " + String.join(",", afterCall));
    }

    /** Whether the hook sits on the very instruction (not a line fallback). */
    public boolean precise() {
        return !precision.equals("LINE");
    }
}
