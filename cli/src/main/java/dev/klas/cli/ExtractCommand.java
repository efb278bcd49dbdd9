package dev.klas.cli;

import dev.klas.symbols.ExtractionListener;
import dev.klas.symbols.ExtractionReport;
import dev.klas.symbols.FileFailure;
import dev.klas.symbols.Shard;
import dev.klas.weaver.ExtractRequest;
import dev.klas.weaver.WeaveException;
import dev.klas.weaver.Weaver;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code klas extract}: C sources into a symbol table of join point shadows. */
@Command(name = "extract", mixinStandardHelpOptions = true,
        description = "Parse C sources with Eclipse CDT and record every join point shadow in a symbol table.")
final class ExtractCommand implements Callable<Integer> {

    @Option(names = "--compile-commands", paramLabel = "FILE", description = "compile_commands.json to take flags from.")
    Path compileCommands;

    @Option(names = "-I", paramLabel = "DIR", description = "Include directory (without --compile-commands).")
    List<Path> includeDirs = new ArrayList<>();

    @Option(names = "-D", paramLabel = "N[=V]", description = "Macro definition (without --compile-commands).")
    List<String> defines = new ArrayList<>();

    @Option(names = "--include", paramLabel = "F", description = "File included before each source.")
    List<Path> includes = new ArrayList<>();

    @Option(names = "--root", paramLabel = "DIR", description = "Paths in the table are relative to it (default: ., with"
            + " --kernel-tree: the tree).")
    Path root = Path.of("");

    @Option(names = "--db", paramLabel = "FILE", description = "Symbol table to create or update (default: symbols.db).")
    Path db = Path.of("symbols.db");

    @Option(names = "--jobs", paramLabel = "N", description = "Parallel workers (default: cores).")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = "--kernel-tree", paramLabel = "DIR", description = "A configured and prepared Linux tree"
            + " (make olddefconfig prepare modules_prepare): extract every unit Kbuild compiles for vmlinux, with the"
            + " flags Kbuild gives it.")
    Path kernelTree;

    @Option(names = "--modules", description = "With --kernel-tree: also the units of every module the configuration"
            + " builds.")
    boolean modules;

    @Option(names = "--units-under", paramLabel = "DIR", description = "With --kernel-tree: only the units whose"
            + " source lies under DIR (relative to the tree, e.g. net/ipv4); repeatable.")
    List<Path> unitsUnder = new ArrayList<>();

    @Option(names = "--print-units", description = "With --kernel-tree: print SOURCE<TAB>OBJECT<TAB>TARGET (vmlinux"
            + " or the module's .ko) for each unit and extract nothing.")
    boolean printUnits;

    @Option(names = "--make-generated", description = "With --kernel-tree: have Kbuild make the generated files"
            + " (lib/crc32table.h, ...) that units need, and extract those units again.")
    boolean makeGenerated;

    @Option(names = "--shard", paramLabel = "I/N", description = "Extract only share I of N (1-based) of the units,"
            + " balanced by source size; the same share on every machine. Merge the tables with klas merge.")
    String shard;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "C files (all of compile_commands.json when none).")
    List<Path> files = new ArrayList<>();

    enum Format { text, json }

    @Option(names = "--format", paramLabel = "FORMAT", description = "text or json (the summary as an object).")
    Format format = Format.text;

    @Spec
    CommandSpec spec;

    /** The share of the units this run takes (--shard), every unit by default. */
    Shard share = Shard.ALL;

    @Override
    public Integer call() {
        if (jobs < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--jobs must be at least 1");
        }
        try {
            share = shard == null ? Shard.ALL : Shard.parse(shard);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--shard: " + e.getMessage());
        }
        if (kernelTree != null) {
            return new KernelExtract(this).call();
        }
        if (modules || printUnits || makeGenerated || !unitsUnder.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--modules, --units-under, --print-units and --make-generated need --kernel-tree DIR");
        }
        if (compileCommands == null && files.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "name C files, or give --compile-commands FILE or --kernel-tree DIR");
        }
        PrintWriter err = spec.commandLine().getErr();
        ExtractRequest request = new ExtractRequest(Optional.ofNullable(compileCommands), includeDirs, defines,
                includes, root.toAbsolutePath(), db, jobs, files, share);
        ExtractionReport report;
        try {
            report = Weaver.extract(request, listener(err));
        } catch (WeaveException e) {
            throw Failures.of(e);
        }
        return summary(report);
    }

    ExtractionListener listener(PrintWriter err) {
        return Quiet.on(spec) || format == Format.json ? ExtractionListener.NONE : Progress.onTerminal(err);
    }

    /** Prints the report: warnings, failures, the summary line (or the JSON object); the exit code. */
    int summary(ExtractionReport report) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Quiet.on(spec)) {
            report.warnings().forEach(w -> err.println("warning: " + w));
        }
        for (FileFailure f : report.failures()) {
            err.println("failed: " + f);
        }
        if (!report.generatedNeeded().isEmpty()) {
            err.printf("%d generated files are missing (%s): --make-generated has Kbuild make them%n",
                    report.generatedNeeded().size(), String.join(", ", report.generatedNeeded()));
        }
        if (format == Format.json) {
            out.println(Json.write(Json.object("units", report.units(), "parsed", report.parsed(), "upToDate",
                    report.upToDate(), "failed", report.failures().stream().map(FileFailure::toString).toList(),
                    "shard", share.toString(),
                    "warnings", report.warnings().stream().map(Object::toString).toList(), "shadows",
                    report.shadows(), "db", db.toString(), "seconds", report.elapsed().toMillis() / 1000.0,
                    "generatedNeeded", report.generatedNeeded())));
            return report.partial() ? ExitCode.PARTIAL : ExitCode.OK;
        }
        out.printf("%s%d files: %d parsed, %d up to date, %d failed; %d shadows written to %s in %.1f s%n",
                share.equals(Shard.ALL) ? "" : "shard " + share + ": ", report.units(), report.parsed(), report.upToDate(), report.failures().size(), report.shadows(), db,
                report.elapsed().toMillis() / 1000.0);
        return report.partial() ? ExitCode.PARTIAL : ExitCode.OK;
    }
}
