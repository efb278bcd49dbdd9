package dev.klas.symbols;

import dev.klas.schema.Pointcut;
import java.util.List;
import java.util.Objects;

/**
 * Why a selector of a pointcut selects no shadow in a symbol table: the most specific reason that holds (no such
 * struct, no such member, no shadow of the selected kind, or every shadow excluded by the restrictions and-ed to it).
 *
 * @param selector     the selector, as it occurs in the pointcut (not negated)
 * @param restrictions the parts of the pointcut and-ed to this occurrence of it, outermost first
 * @param reason       one line, naming what the table holds instead
 */
public record MatchDiagnosis(Pointcut.Selector selector, List<Pointcut> restrictions, String reason) {
    public MatchDiagnosis {
        Objects.requireNonNull(selector, "selector");
        restrictions = List.copyOf(restrictions);
        Objects.requireNonNull(reason, "reason");
    }
}
