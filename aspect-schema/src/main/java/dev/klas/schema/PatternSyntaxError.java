package dev.klas.schema;

/** A malformed name pattern or glob; {@code index} is the 0-based offset of the problem in the pattern text. */
public final class PatternSyntaxError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int index;

    public PatternSyntaxError(String message, int index) {
        super(message);
        this.index = index;
    }

    public int index() {
        return index;
    }
}
