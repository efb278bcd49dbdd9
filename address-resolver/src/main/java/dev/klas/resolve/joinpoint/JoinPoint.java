package dev.klas.resolve.joinpoint;

import dev.klas.resolve.FunctionOffset;
import dev.klas.resolve.InlineFrame;
import java.util.List;
import java.util.Objects;

/**
 * A source place at an address a hook can go on.
 *
 * @param address           link-time virtual address of the instruction
 * @param section           the section holding it
 * @param function          containing function symbol + offset, the form kprobes takes
 * @param inlineChain       the inline chain at the address, innermost first (empty without DWARF subprograms)
 * @param instructionLength length of the instruction at the address
 */
public record JoinPoint(SourcePlace place, long address, String section, FunctionOffset function,
                        List<InlineFrame> inlineChain, Precision precision, int instructionLength) {
    public JoinPoint {
        Objects.requireNonNull(place, "place");
        Objects.requireNonNull(function, "function");
        inlineChain = List.copyOf(inlineChain);
        Objects.requireNonNull(precision, "precision");
    }

    /**
     * How exactly the address stands for the place: {@code ACCESS} (the instruction touching the member),
     * {@code CALL} (the call instruction), {@code ENTRY} (a function's first instruction or an inlined copy's entry),
     * {@code LINE} (the start of the line's code, for want of a finer place).
     */
    public String precisionLabel() {
        if (precision instanceof Precision.Line) {
            return "LINE";
        }
        return switch (place.kind()) {
            case FUNCTION -> "ENTRY";
            case CALL, FP_CALL -> "CALL";
            default -> "ACCESS";
        };
    }

    /** Whether this is the entry of an inlined copy of the function an execution place names (not its symbol). */
    public boolean inlinedCopy() {
        return place.kind() == PlaceKind.FUNCTION
                && inlineChain.stream().anyMatch(f -> f.inlined() && f.function().equals(place.member()));
    }
}
