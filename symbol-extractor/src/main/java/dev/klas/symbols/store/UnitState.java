package dev.klas.symbols.store;

import java.util.Map;

/** A translation unit as the database last saw it: the flags it was parsed with and every file it read. */
public record UnitState(String flagsHash, String status, Map<String, String> deps) {
    public UnitState {
        deps = Map.copyOf(deps);
    }
}
