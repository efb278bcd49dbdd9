package dev.klas.weaver;

/** A failure of a pipeline step that the user must fix, with the kind of problem it is. */
public final class WeaveException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What kind of problem; front ends map it to exit codes. */
    public enum Kind { INVALID_INPUT, MISSING_ENVIRONMENT }

    private final Kind kind;

    public WeaveException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public WeaveException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
