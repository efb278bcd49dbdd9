package dev.klas.resolve;

import java.util.List;

/** The answer to a (file, line[, column]) query of a {@link LineIndex}: never a guess. */
public sealed interface LineLookup {
    /**
     * Every run of the line in every unit, in line-table order. When some runs hold code, {@code locations} are
     * those and {@code emptyRuns} the runs of no code (rows whose next row has the same address: an inlined copy
     * whose code was merged into its caller's or removed); when none does, {@code locations} are the empty runs.
     */
    record Found(List<LineLocation> locations, List<LineLocation> emptyRuns) implements LineLookup {
        public Found {
            locations = List.copyOf(locations);
            emptyRuns = List.copyOf(emptyRuns);
        }

        public Found(List<LineLocation> locations) {
            this(locations, List.of());
        }
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
