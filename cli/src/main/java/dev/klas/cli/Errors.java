package dev.klas.cli;

import dev.klas.schema.InvalidAspectException;
import java.io.PrintWriter;

/** What a command's exception prints and the exit code it maps to; stack traces only with --debug. */
final class Errors {
    private Errors() {
    }

    /** Reports {@code e}, thrown by the command named {@code command}, on {@code err}; the exit code to return. */
    static int report(Exception e, String command, PrintWriter err, boolean debug) {
        int code;
        if (e instanceof KlasException k) {
            err.println(command + ": " + k.getMessage());
            code = k.exitCode();
        } else if (e instanceof InvalidAspectException i) {
            i.errors().forEach(x -> err.println(x.render()));
            code = ExitCode.INVALID_INPUT;
        } else {
            err.println("klas: internal error: " + e + (debug ? "" : " (run with --debug for details)"));
            code = ExitCode.INTERNAL;
        }
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
