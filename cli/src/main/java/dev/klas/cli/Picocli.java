package dev.klas.cli;

import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine;

/** Every command line read by picocli: help, usage errors, and all the commands {@link ShortCommand} leaves. */
final class Picocli {
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
}
