package dev.klas.symbols.kbuild;

/** A kernel tree that cannot be asked for its units (not configured, not prepared, make failed); the message says what to run. */
public final class KernelTreeException extends Exception {
    private static final long serialVersionUID = 1L;

    public KernelTreeException(String message) {
        super(message);
    }

    public KernelTreeException(String message, Throwable cause) {
        super(message, cause);
    }
}
