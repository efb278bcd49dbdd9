package dev.klas.resolve;

import java.util.List;

/** The answer to a (file, line[, column]) query of a {@link LineIndex}: never a guess. */
public sealed interface LineLookup {
    /** Every run of the line in every unit, in line-table order. */
    record Found(List<LineLocation> locations) implements LineLookup {
    }

    /** No file of the line tables matches the query. */
    record NoSuchFile(String query) implements LineLookup {
    }

    /** The file exists but the line has no code (e.g. a comment or an optimized-away statement). */
    record NoCode(String file, int line) implements LineLookup {
    }

    /** Several distinct files end with the query; the caller must name one of {@code candidates}. */
    record Ambiguous(String query, List<String> candidates) implements LineLookup {
    }
}
