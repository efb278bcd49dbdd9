package dev.klas.cli;

import picocli.CommandLine.Model.CommandSpec;

/** Informational messages on standard error, which the global {@code --quiet} turns off; results and errors stay. */
final class Quiet {
    private Quiet() {
    }

    static boolean on(CommandSpec spec) {
        return spec.root().userObject() instanceof Klas k && k.quiet;
    }

    static void note(CommandSpec spec, String message) {
        if (!on(spec)) {
            spec.commandLine().getErr().println(message);
        }
    }
}
