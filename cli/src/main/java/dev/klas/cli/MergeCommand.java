package dev.klas.cli;

import dev.klas.symbols.MergeReport;
import dev.klas.weaver.WeaveException;
import dev.klas.weaver.Weaver;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code klas merge --db OUT IN.db...}: the symbol tables of an extraction's shards into one. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Merge the symbol tables that klas extract --shard I/N wrote into one, as if one run had "
                + "extracted every unit.",
            "All inputs must have this klas's schema version and the same --root. A unit in two inputs is kept once "
                + "when both are identical and refused otherwise; each header context (header and content) is "
                + "kept once, with the union of the inputs' rows and body keys. An existing OUT is merged into under the same rules. OUT is written atomically: a "
                + "refused merge leaves it as it was."})
final class MergeCommand implements Callable<Integer> {

    @Option(names = "--db", required = true, paramLabel = "OUT", description = "Symbol table to write.")
    Path db;

    @Parameters(arity = "1..*", paramLabel = "IN.db", description = "Symbol tables of the shards.")
    List<Path> inputs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        MergeReport r;
        try {
            r = Weaver.merge(db, inputs);
        } catch (WeaveException e) {
            throw Failures.of(e);
        }
        spec.commandLine().getOut().printf("%d tables merged into %s: %d units (%d identical copies dropped),"
                        + " %d header contexts (%d also in another input, united), %d shadows%n",
                r.inputs().size(), db, r.units(), r.sameUnits(), r.headers(), r.sharedHeaders(), r.shadows());
        return ExitCode.OK;
    }
}
