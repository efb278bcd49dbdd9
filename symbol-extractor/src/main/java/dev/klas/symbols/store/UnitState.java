package dev.klas.symbols.store;

import java.util.Map;

/**
 * A translation unit as the database last saw it: the flags it was parsed with, its outcome ({@code ok} or
 * {@code failed} with the reason) and every file it read (for a failure, the files its reason depends on).
 */
public record UnitState(String flagsHash, String status, String reason, Map<String, String> deps) {
    public UnitState {
        deps = Map.copyOf(deps);
    }
}
