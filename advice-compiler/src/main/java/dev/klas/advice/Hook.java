package dev.klas.advice;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One place an advice module hooks, and the aspects whose advice runs there, in order.
 *
 * @param access the operand and member offset when the hook is access-precise (a field access on the instruction
 *               that performs it); empty for calls, executions, lines and line-precision field accesses
 * @param entry  whether the hook is a function's entry (an execution join point), where after-advice can also run
 *               when the function returns
 * @param precision how exactly the hook stands for its place: ACCESS, CALL, ENTRY or LINE (as klas resolve says)
 */
public record Hook(CodeLocation location, OriginalBytes original, HookPlace place, List<String> aspects,
                   Optional<AccessOperand> access, boolean entry, String precision) {
    /** A hook whose precision follows from its operand and entry flag (ACCESS, ENTRY, else LINE). */
    public Hook(CodeLocation location, OriginalBytes original, HookPlace place, List<String> aspects,
                Optional<AccessOperand> access, boolean entry) {
        this(location, original, place, aspects, access, entry,
                access.isPresent() ? "ACCESS" : entry ? "ENTRY" : "LINE");
    }

    /** A hook that is no function entry. */
    public Hook(CodeLocation location, OriginalBytes original, HookPlace place, List<String> aspects,
                Optional<AccessOperand> access) {
        this(location, original, place, aspects, access, false);
    }

    public Hook {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(place, "place");
        aspects = List.copyOf(aspects);
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(precision, "precision");
        if (entry && location.offset() != 0) {
            throw new IllegalArgumentException("a function entry at " + location + " is not at offset 0");
        }
        if (aspects.isEmpty()) {
            throw new IllegalArgumentException("hook at " + location + " runs no aspect");
        }
    }
}
