package dev.klas.advice.vars;

import dev.klas.resolve.dwarf.CallFrames;
import dev.klas.resolve.dwarf.Expression;
import java.util.List;
import java.util.Optional;

/**
 * What a location expression may refer to at a hook besides registers: the function's frame base expression
 * ({@code DW_AT_frame_base}), the CFA rule at the hook, and whether the hook is the function's first instruction
 * (where a {@code DW_OP_entry_value} register still holds the caller's value); elsewhere, when the target can
 * recover it, the function's calls ({@link Callers}).
 */
public record Frame(Optional<List<Expression.Op>> frameBase, Optional<CallFrames.Cfa> cfa, boolean atEntry,
                    int addressSize, Optional<Callers> callers) {
    public Frame(Optional<List<Expression.Op>> frameBase, Optional<CallFrames.Cfa> cfa, boolean atEntry,
                 int addressSize) {
        this(frameBase, cfa, atEntry, addressSize, Optional.empty());
    }
}
