package dev.klas.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code klas log --module NAME [--follow] [--interval MS]}: the klas_printf lines of a loaded kprobes advice module,
 * read from its per-CPU ring buffers (docs/KERNEL.md, "Advice output"); reading consumes them.
 */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = "Print (and consume) the klas_printf lines of a loaded kprobes advice module, with the time,"
                + " the CPU and how many lines a full buffer dropped.")
final class LogCommand implements Callable<Integer> {

    @Option(names = "--module", required = true, paramLabel = "NAME", description = "A loaded linux-kprobes advice"
            + " module (reads /sys/kernel/debug/klas/NAME/log: root, debugfs mounted).")
    String module;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until the module is unloaded or klas"
            + " is interrupted.")
    boolean follow;

    @Option(names = "--interval", paramLabel = "MS", description = "With --follow: how often to read, in ms"
            + " (default ${DEFAULT-VALUE}).")
    long interval = 200;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (interval < 1) {
            throw new KlasException(ExitCode.USAGE, "--interval takes a number of milliseconds > 0, not " + interval);
        }
        Path file = KernelLog.locate(KernelHits.DEBUGFS, Path.of("/sys"), module);
        PrintWriter w = spec.commandLine().getOut();
        long dropped = 0;
        do {
            Optional<List<KernelLog.Entry>> read = KernelLog.drain(file);
            if (read.isEmpty()) {
                spec.commandLine().getErr().println("klas log: module " + module + " was unloaded");
                break;
            }
            for (KernelLog.Entry e : read.get()) {
                w.println(e.text());
                dropped += e instanceof KernelLog.Dropped d ? d.count() : 0;
            }
            w.flush();
            if (follow) {
                Thread.sleep(interval);
            }
        } while (follow);
        if (dropped > 0) {
            spec.commandLine().getErr().println("klas log: " + dropped + " lines dropped (ring buffer full: read more"
                    + " often, or load the module with a larger log_kb)");
        }
        return ExitCode.OK;
    }
}
