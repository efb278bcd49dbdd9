package dev.klas.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code klas hits (--pid PID | --module NAME | --woven DIR | --module-file FILE) [--format text|json] [--reset]
 * [--out FILE]}: the hit counts of a running weave, per aspect and per hook, read while it runs (ARCHITECTURE.md, "Hit
 * counts"), or of a copy of a module's debugfs file.
 */
@Command(name = "hits", mixinStandardHelpOptions = true,
        description = "Show the hit counts of a running weave per aspect and per hook: a process run with"
                + " klas run, a loaded kprobes advice module, or a running linux-bpf loader.")
final class HitsCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--pid", paramLabel = "PID", description = "A process running a userspace weave.")
        Integer pid;

        @Option(names = "--module", paramLabel = "NAME", description = "A loaded linux-kprobes advice module"
                + " (reads /sys/kernel/debug/klas/NAME/hits: root, debugfs mounted).")
        String module;

        @Option(names = "--woven", paramLabel = "DIR", description = "A weave's output folder: its module, its"
                + " running linux-bpf loader, or the one process that has its library loaded.")
        Path woven;

        @Option(names = "--module-file", paramLabel = "FILE", description = "A copy of a module's"
                + " /sys/kernel/debug/klas/NAME/hits, e.g. taken off another machine: the same counts, read from"
                + " the copy (no --reset).")
        Path moduleFile;
    }

    enum Format { text, json }

    @Option(names = "--format", paramLabel = "FORMAT", description = "text or json.")
    Format format = Format.text;

    @Option(names = "--reset", description = "Print the counts, then count from zero: later reads (any reader, and"
            + " klas run --hits) show the hits since this reset.")
    boolean reset;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the counts as JSON to FILE (atomically).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        HitsTarget target = source.pid != null ? HitsTarget.pid(source.pid)
                : source.module != null ? HitsTarget.module(source.module)
                : source.moduleFile != null ? new HitsTarget.ModuleFile(source.moduleFile) : HitsTarget.woven(source.woven);
        HitCounts counts = target.read(reset);
        if (out != null) {
            HitsSnapshot.write(counts, out);
        }
        PrintWriter w = spec.commandLine().getOut();
        if (format == Format.json) {
            w.println(Json.write(counts.json()));
        } else {
            counts.text().forEach(w::println);
        }
        return ExitCode.OK;
    }
}
