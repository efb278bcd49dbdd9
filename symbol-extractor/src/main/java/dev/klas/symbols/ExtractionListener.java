package dev.klas.symbols;

/** Told after each translation unit is finished (parsed, skipped or failed), e.g. to draw a progress bar. */
@FunctionalInterface
public interface ExtractionListener {
    ExtractionListener NONE = (file, done, total) -> { };

    void unitDone(String file, int done, int total);
}
