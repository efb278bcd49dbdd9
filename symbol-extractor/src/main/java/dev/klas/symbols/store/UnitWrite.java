package dev.klas.symbols.store;

import dev.klas.symbols.Shadow;
import java.util.List;
import java.util.Map;

/**
 * Everything one extracted unit changes, written in one transaction with others of its batch.
 *
 * @param unit       main file (relative)
 * @param deps       every file the unit read, with its hash (empty for a failed unit)
 * @param headers    headers whose inline-function shadows this unit re-extracted, with their hashes
 * @param shadows    all shadows (the unit's and those of {@code headers})
 */
public record UnitWrite(String unit, String flagsHash, String status, String reason, Map<String, String> deps,
                        Map<String, String> headers, List<Shadow> shadows) {
}
