package dev.klas.schema;

import java.util.Objects;

/** A place in a source file: 1-based line and column. Printed as {@code file:line:col}. */
public record SourcePosition(String file, int line, int column) {

    public SourcePosition {
        Objects.requireNonNull(file, "file");
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
