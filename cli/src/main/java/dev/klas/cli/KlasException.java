package dev.klas.cli;

/** A failure the user should see as a message, with the exit code it maps to. No stack trace unless --debug. */
public final class KlasException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public KlasException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public KlasException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
