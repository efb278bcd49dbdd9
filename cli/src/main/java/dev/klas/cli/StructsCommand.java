package dev.klas.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code klas structs}: which struct members the sources read, write and call through, and where ({@link Structs}). */
@Command(name = "structs", mixinStandardHelpOptions = true,
        description = "List structs and their members with read/write/fp-call counts and the files they occur in:"
                + " how to find what to hook.")
final class StructsCommand implements Callable<Integer> {

    @Option(names = "--db", paramLabel = "FILE", required = true, description = "Symbol table from klas extract.")
    Path db;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text or json.")
    Structs.Format format = Structs.Format.text;

    @Parameters(arity = "0..1", paramLabel = "PATTERN", description = "STRUCT or STRUCT.MEMBER, * and ? wildcards"
            + " (default: all).")
    String pattern = "*";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return Structs.run(new Structs.Request(db, format, pattern),
                new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), Quiet.on(spec)));
    }
}
