package dev.klas.cli;

import dev.klas.schema.InvalidAspectException;
import dev.klas.weaver.HookMode;
import dev.klas.weaver.WeaveException;
import dev.klas.weaver.WeaveReport;
import dev.klas.weaver.WeaveRequest;
import dev.klas.weaver.WeaveTarget;
import dev.klas.weaver.Weaver;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code klas weave}: aspects + symbols + a binary into an advice module, written atomically to --out. */
@Command(name = "weave", mixinStandardHelpOptions = true,
        description = "Weave aspects into a binary: match, resolve, plan hooks and generate (and --build) the advice"
                + " module for the target.")
final class WeaveCommand implements Callable<Integer> {

    @Option(names = "--aspect", paramLabel = "A.xml", required = true, arity = "1..*", description = "Aspect files.")
    List<Path> aspects;

    @Option(names = "--binary", paramLabel = "ELF", required = true,
            description = "The program, shared object, vmlinux (the debug one) or .ko to weave into.")
    Path binary;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Symbols symbols = new Symbols();

    static final class Symbols {
        @Option(names = "--db", paramLabel = "FILE", description = "Symbol table from klas extract.")
        Path db;

        @Option(names = "--compile-commands", paramLabel = "FILE", description = "Extract from these sources first.")
        Path compileCommands;
    }

    @Option(names = "--root", paramLabel = "DIR", description = "Source root for --compile-commands (default: .).")
    Path root;

    @Option(names = "--target", paramLabel = "TARGET", required = true, description = "userspace, linux-kprobes or linux-bpf.")
    String target;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output folder (replaced atomically).")
    Path out;

    @Option(names = "--build", description = "Also compile the advice module (gcc / Kbuild).")
    boolean build;

    @Option(names = "--kdir", paramLabel = "DIR", description = "Kernel build dir (default /lib/modules/RELEASE/build).")
    Path kdir;

    @Option(names = "--hook-mode", paramLabel = "MODE", description = "int3, jump or auto (userspace; default auto).")
    String hookMode = "auto";

    @Option(names = "--name", paramLabel = "NAME", description = "Module/library name (default: from --out).")
    String name;

    @Option(names = {"-I", "--include-dir"}, paramLabel = "DIR", description = "Look for the advice's <include>s here"
            + " too (repeatable); searched before the aspect files' folders, the symbol table's source root and the"
            + " compile commands' -I folders (user space; a kernel module gets these and the aspects' folders).")
    List<Path> includeDirs = new java.util.ArrayList<>();

    enum Format { text, json }

    @Option(names = "--format", paramLabel = "FORMAT", description = "text or json (the whole report as an object).")
    Format format = Format.text;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InvalidAspectException {
        WeaveTarget t;
        HookMode mode;
        try {
            t = WeaveTarget.of(target);
            mode = HookMode.valueOf(hookMode.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage().startsWith("No enum")
                    ? "--hook-mode takes int3, jump or auto" : e.getMessage());
        }
        WeaveRequest request = new WeaveRequest(aspects, binary, Optional.ofNullable(symbols.db),
                Optional.ofNullable(symbols.compileCommands), Optional.ofNullable(root), t, out, build,
                Optional.ofNullable(kdir), mode, Optional.ofNullable(name), includeDirs);
        WeaveReport report;
        try {
            report = Weaver.weave(request);
        } catch (WeaveException e) {
            throw Failures.of(e);
        }
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (format == Format.json) {
            o.println(Json.write(Json.object("out", report.out().toString(), "shadows", report.shadows(), "hooks",
                    report.rows(), "accessPrecise", report.accessPrecise(), "linePrecise", report.linePrecise(),
                    "refused", report.refused(), "unresolved", report.unresolved(), "artifact",
                    report.artifact().map(Path::toString).orElse(null), "diagnostics", report.diagnostics(),
                    "segmentCalls", report.segmentCalls(), "outside", report.outside())));
            return report.partial() ? ExitCode.PARTIAL : ExitCode.OK;
        }
        report.hooks().forEach(o::println);
        report.segmentCalls().forEach(o::println);
        report.refused().forEach(r -> err.println("refused: " + r));
        report.unresolved().forEach(u -> err.println("unresolved: " + u));
        report.outside().forEach(line -> Quiet.note(spec, line));
        report.diagnostics().forEach(d -> err.println(d));
        Quiet.note(spec, String.format("%d shadows matched; %d hooks (%d exact, %d at a line);%s %d refused; %d unresolved; written to %s%s",
                report.shadows(), report.hooks().size(), report.accessPrecise(), report.linePrecise(),
                report.segmentCalls().isEmpty() ? "" : " " + report.segmentCalls().size() + " segment-call bindings"
                        + " (matched at load);",
                report.refused().size(), report.unresolved().size(), report.out(),
                report.artifact().map(a -> "; built " + a).orElse("")).stripTrailing());
        return report.partial() ? ExitCode.PARTIAL : ExitCode.OK;
    }
}
