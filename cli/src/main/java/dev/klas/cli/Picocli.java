package dev.klas.cli;

import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine;

/** Every command line read by picocli: help, usage errors, and all the commands {@link ShortCommand} leaves. */
public final class Picocli {
    private Picocli() {
    }

    static int run(String[] args, PrintWriter out, PrintWriter err) {
        Klas klas = new Klas();
        CommandLine cl = new CommandLine(klas);
        Optional<String> only = Klas.requested(args).filter(name -> !name.equals("help"));
        Klas.SUBCOMMANDS.forEach((name, type) -> {
            if (only.isEmpty() || only.get().equals(name)) {
                cl.addSubcommand(name, type);
            }
        });
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(new ErrorHandler(() -> klas.debug));
        cl.setParameterExceptionHandler(ErrorHandler::usage);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * The whole command tree, every subcommand registered: what the man pages and the shell completion are made from
     * at build time (dist module), so a new subcommand gets both without further work.
     */
    public static CommandLine commandTree() {
        CommandLine cl = new CommandLine(new Klas());
        Klas.SUBCOMMANDS.forEach(cl::addSubcommand);
        return cl;
    }
}
