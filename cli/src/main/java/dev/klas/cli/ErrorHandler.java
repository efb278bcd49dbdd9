package dev.klas.cli;

import dev.klas.schema.InvalidAspectException;
import java.io.PrintWriter;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;

/** Maps exceptions to messages and exit codes; stack traces only with --debug. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    private final BooleanSupplier debug;

    ErrorHandler(BooleanSupplier debug) {
        this.debug = debug;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        int code;
        if (e instanceof KlasException k) {
            err.println(cl.getCommandName() + ": " + k.getMessage());
            code = k.exitCode();
        } else if (e instanceof InvalidAspectException i) {
            i.errors().forEach(x -> err.println(x.render()));
            code = ExitCode.INVALID_INPUT;
        } else {
            err.println("klas: internal error: " + e + (debug.getAsBoolean() ? "" : " (run with --debug for details)"));
            code = ExitCode.INTERNAL;
        }
        if (debug.getAsBoolean()) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    static int usage(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(cl.getCommandName() + ": " + e.getMessage());
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCode.USAGE;
    }
}
