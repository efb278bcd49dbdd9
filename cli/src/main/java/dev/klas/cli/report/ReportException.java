package dev.klas.cli.report;

/** Input the report cannot be made from: a missing or malformed file, named with the position of the fault. */
public final class ReportException extends Exception {
    private static final long serialVersionUID = 1L;

    public ReportException(String message) {
        super(message);
    }

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
