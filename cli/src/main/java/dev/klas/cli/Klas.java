package dev.klas.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top command: {@code klas [--debug] SUBCOMMAND ...}. */
@Command(name = "klas", mixinStandardHelpOptions = true, versionProvider = Klas.Version.class,
        description = "Weaves aspects into running C programs and Linux kernels.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:invalid input (aspect, pointcut, binary)",
            "2:usage error",
            "3:partial: some files failed or some join points were refused",
            "4:missing environment (gcc, kernel build dir, debug info)",
            "5:timed out (quiesce, swap): nothing changed in the target",
            "70:internal error"})
public final class Klas implements Runnable {

    /**
     * The subcommands by name, in the order {@code klas --help} lists them. {@link Main} registers only the one a
     * command line names (picocli reads the options of every command it is given, a third of a short command's
     * time), and all of them when the line names none, an unknown one or {@code help}.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands(
            CommandLine.HelpCommand.class, ValidateCommand.class, ExtractCommand.class, MergeCommand.class,
            QueryCommand.class, LinesCommand.class, ResolveCommand.class, InspectCommand.class, WeaveCommand.class,
            RunCommand.class, StructsCommand.class, ExportCommand.class, StateCommand.class, QuiesceCommand.class,
            SwapCommand.class, ProfileCommand.class, HitsCommand.class, LogCommand.class);

    private static Map<String, Class<?>> subcommands(Class<?>... types) {
        Map<String, Class<?>> out = new LinkedHashMap<>();
        for (Class<?> t : types) {
            out.put(t.getAnnotation(Command.class).name(), t);
        }
        return out;
    }

    /**
     * The subcommand {@code args} names: the first argument that is not one of klas's own options; empty when there
     * is none or it is not a subcommand.
     */
    static Optional<String> requested(String[] args) {
        for (String a : args) {
            if (!a.startsWith("-")) {
                return SUBCOMMANDS.containsKey(a) ? Optional.of(a) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean debug;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "No summaries or progress on standard error; results and errors only.")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed");
    }

    /** Reads the version that Maven filtered into version.properties. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Klas.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"klas " + p.getProperty("version", "unknown")};
        }
    }
}
