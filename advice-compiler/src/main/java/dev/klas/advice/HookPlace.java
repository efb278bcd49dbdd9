package dev.klas.advice;

import java.util.Objects;

/** The source place a hook stands for: file as recorded in DWARF, 1-based line, column (0 if unknown), function. */
public record HookPlace(String file, int line, int column, String function) {
    public HookPlace {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(function, "function");
    }
}
