package dev.klas.symbols;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one extraction run.
 *
 * @param units    translation units asked for
 * @param parsed   units parsed in this run (new or changed)
 * @param upToDate units skipped because neither they nor any header they read changed
 * @param failures units that failed (the run went on)
 * @param warnings problems with positions (syntax errors, unresolved members, missing include dirs, skipped files)
 * @param shadows  shadows written in this run
 * @param generatedNeeded files the build generates that failed units need (relative to the root), not made yet
 * @param parsedFiles the units parsed in this run (failed ones included), relative to the root, in the order
 *                    they finished
 */
public record ExtractionReport(int units, int parsed, int upToDate, List<FileFailure> failures,
                               List<Diagnostic> warnings, long shadows, Duration elapsed,
                               List<String> generatedNeeded, List<String> parsedFiles) {
    public ExtractionReport {
        parsedFiles = List.copyOf(parsedFiles);
        failures = List.copyOf(failures);
        warnings = List.copyOf(warnings);
        generatedNeeded = List.copyOf(generatedNeeded);
    }

    /** True when some unit failed: the database holds the rest. */
    public boolean partial() {
        return !failures.isEmpty();
    }
}
