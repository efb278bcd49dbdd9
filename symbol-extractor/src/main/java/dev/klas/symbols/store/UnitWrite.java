package dev.klas.symbols.store;

import dev.klas.symbols.HeaderContext;
import dev.klas.symbols.Shadow;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one extracted unit changes, written in one transaction with others of its batch.
 *
 * @param unit     main file (relative)
 * @param deps     every file the unit read, with its hash (empty for a failed unit)
 * @param recorded the header contexts whose inline-function shadows this unit walked, with those shadows
 * @param shadows  the unit's own shadows
 * @param contexts the header contexts of which the unit met a body: a context no unit reads any more is removed
 * @param bodyKeys the keys of the header bodies this unit parsed, by header context
 */
public record UnitWrite(String unit, String flagsHash, String status, String reason, Map<String, String> deps,
                        Map<HeaderContext, List<Shadow>> recorded, List<Shadow> shadows, Set<HeaderContext> contexts,
                        Map<HeaderContext, Set<String>> bodyKeys) {
    /** A unit that read no header context. */
    public UnitWrite(String unit, String flagsHash, String status, String reason, Map<String, String> deps,
                     Map<HeaderContext, List<Shadow>> recorded, List<Shadow> shadows) {
        this(unit, flagsHash, status, reason, deps, recorded, shadows, recorded.keySet(), Map.of());
    }
}
