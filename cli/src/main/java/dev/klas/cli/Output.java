package dev.klas.cli;

import java.io.PrintWriter;

/**
 * Where a command writes: results on {@code out}, errors and notes on {@code err}; notes only when not {@code quiet}
 * (klas's {@code --quiet}). Knows nothing of picocli, so that the short commands can run without it
 * ({@link ShortCommand}).
 */
record Output(PrintWriter out, PrintWriter err, boolean quiet) {
    /** An informational message on standard error, unless quiet. */
    void note(String message) {
        if (!quiet) {
            err.println(message);
        }
    }
}
