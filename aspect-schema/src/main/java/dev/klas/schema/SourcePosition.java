package dev.klas.schema;

import java.util.Objects;

/** A place in a source file: 1-based line and column. Printed as {@code file:line:col}. */
public record SourcePosition(String file, int line, int column) {

    public SourcePosition {
        Objects.requireNonNull(file, "file");
    }

    /** The same file, {@code delta} columns further on the same line. */
    public SourcePosition shifted(int delta) {
        return new SourcePosition(file, line, column + delta);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
