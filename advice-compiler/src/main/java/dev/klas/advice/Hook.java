package dev.klas.advice;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One place an advice module hooks, and the aspects whose advice runs there, in order.
 *
 * @param access the operand and member offset when the hook is access-precise (a field access on the instruction
 *               that performs it); empty for calls, executions, lines and line-precision field accesses
 */
public record Hook(CodeLocation location, OriginalBytes original, HookPlace place, List<String> aspects,
                   Optional<AccessOperand> access) {
    public Hook {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(place, "place");
        aspects = List.copyOf(aspects);
        Objects.requireNonNull(access, "access");
        if (aspects.isEmpty()) {
            throw new IllegalArgumentException("hook at " + location + " runs no aspect");
        }
    }
}
