package dev.klas.cli;

/** The exit codes of every klas command (ARCHITECTURE.md, "CLI contract"); the README lists them too. */
public final class ExitCode {
    /** Success. */
    public static final int OK = 0;
    /** Invalid input: an aspect, a pointcut, a binary. */
    public static final int INVALID_INPUT = 1;
    /** Wrong usage: unknown option, missing argument. */
    public static final int USAGE = 2;
    /** Partial success: some files failed or some join points were refused; the report says which. */
    public static final int PARTIAL = 3;
    /** Missing environment: no gcc, no kernel build dir, no debug info. */
    public static final int MISSING_ENVIRONMENT = 4;
    /** Timed out: the target did not get there in time (quiesce, swap); nothing was changed. */
    public static final int TIMEOUT = 5;
    /** Internal error: a bug in klas. */
    public static final int INTERNAL = 70;

    private ExitCode() {
    }
}
