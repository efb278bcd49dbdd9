package dev.klas.cli;

import dev.klas.cli.report.HitsInput;
import dev.klas.cli.report.ReportException;
import dev.klas.cli.report.Site;
import dev.klas.cli.report.WeaveLog;
import dev.klas.schema.InvalidAspectException;
import dev.klas.weaver.HookMode;
import dev.klas.weaver.PlanRequest;
import dev.klas.weaver.WeaveException;
import dev.klas.weaver.WeaveTarget;
import dev.klas.weaver.Weaver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code klas report (--woven DIR | --db FILE --binary ELF --aspect A.xml... --target T [--hook-mode M]) [--hits FILE]
 * [--source-root DIR]... --out REPORT}: a static site of a weave's join points, their outcomes and hits, that opens
 * from the file system (README, "The report"). With {@code --db} the join points are planned in memory as {@code klas
 * weave} plans them (docs/report.md); nothing but the report is written.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a static HTML report of a weave: aspects, join points by outcome, one page per source"
                + " file with each join point marked and lines coloured by hits. Opens from file://, no server.")
final class ReportCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    /** The join points: a weave's folder, or what a weave of these aspects would plan. */
    static final class Input {
        @Option(names = "--woven", paramLabel = "DIR", required = true, description = "The --out folder of klas weave.")
        Path woven;

        @ArgGroup(exclusive = false, heading = "Without a weave (planned in memory as klas weave plans):%n")
        Plan plan;
    }

    static final class Plan {
        @Option(names = "--db", paramLabel = "FILE", required = true, description = "Symbol table from klas extract.")
        Path db;

        @Option(names = "--binary", paramLabel = "ELF", required = true, description = "The program, shared object,"
                + " vmlinux (the debug one) or .ko a weave would hook.")
        Path binary;

        @Option(names = "--aspect", paramLabel = "A.xml", required = true, arity = "1..*", description = "Aspect files.")
        List<Path> aspects;

        @Option(names = "--target", paramLabel = "TARGET", required = true,
                description = "userspace, linux-kprobes or linux-bpf (as klas weave).")
        String target;

        @Option(names = "--hook-mode", paramLabel = "MODE", description = "int3, jump or auto (userspace; default"
                + " auto, as klas weave).")
        String hookMode = "auto";
    }

    @Option(names = "--hits", paramLabel = "FILE", description = "Hit counts: the file of klas run --hits, or of"
            + " klas hits --out / --format json.")
    Path hits;

    @Option(names = "--source-root", paramLabel = "DIR", description = "Where the sources named by relative paths"
            + " are (repeatable; default: the symbol table's source root, the woven binary's folder, then the current folder).")
    List<Path> sourceRoots = new ArrayList<>();

    @Option(names = "--out", paramLabel = "REPORT", required = true, description = "The folder to write the report"
            + " into (index.html, files/).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InvalidAspectException {
        try {
            WeaveLog log = input.woven != null ? WeaveLog.read(input.woven) : planned(input.plan);
            HitsInput counts = hits == null ? HitsInput.none() : HitsInput.read(hits);
            List<Path> roots = new ArrayList<>(sourceRoots);
            if (roots.isEmpty()) {
                if (!log.sourceRoot().isEmpty()) {
                    roots.add(Path.of(log.sourceRoot()));
                }
                Path binary = Path.of(log.binary()).toAbsolutePath().getParent();
                if (binary != null) {
                    roots.add(binary);
                }
                roots.add(Path.of("").toAbsolutePath());
            }
            Site.Written w = Site.write(log, counts, roots, out);
            spec.commandLine().getOut().println(String.format("report of %d join points in %d files written to %s",
                    w.joinPoints(),
                    w.files(), w.index().toAbsolutePath()));
            return ExitCode.OK;
        } catch (ReportException e) {
            throw new KlasException(ExitCode.INVALID_INPUT, e.getMessage(), e);
        } catch (IOException e) {
            throw new KlasException(ExitCode.INVALID_INPUT, "cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    /** The join points a weave of these aspects would plan, as its joinpoints.json would hold them. */
    private WeaveLog planned(Plan p) throws ReportException, InvalidAspectException {
        PlanRequest request;
        try {
            request = new PlanRequest(p.aspects, p.binary, p.db, WeaveTarget.of(p.target),
                    HookMode.valueOf(p.hookMode.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage().startsWith("No enum")
                    ? "--hook-mode takes int3, jump or auto" : e.getMessage());
        }
        try {
            return WeaveLog.of(Weaver.joinPoints(request), "the plan of " + p.binary, WeaveLog.Origin.planned(p.db));
        } catch (WeaveException e) {
            throw Failures.of(e);
        }
    }
}
