package dev.klas.symbols;

/** A translation unit that produced no shadows, and why. */
public record FileFailure(String file, String reason) {
    @Override
    public String toString() {
        return file + ": " + reason;
    }
}
