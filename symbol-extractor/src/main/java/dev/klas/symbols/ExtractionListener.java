package dev.klas.symbols;

/** Told after each translation unit is finished (parsed, skipped or failed), e.g. to draw a progress bar. */
@FunctionalInterface
public interface ExtractionListener {
    ExtractionListener NONE = (file, done, total) -> { };

    void unitDone(String file, int done, int total);

    /**
     * Told once, after the units that need no parse were reported done and before the first parse: {@code upToDate}
     * of the {@code total} units are already done, so a rate measured from here on is the parsing rate.
     */
    default void upToDate(int upToDate, int total) {
    }
}
