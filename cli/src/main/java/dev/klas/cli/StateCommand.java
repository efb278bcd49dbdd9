package dev.klas.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code klas state --pid PID}: every load segment of a process running the klas runtime as unused, running (N
 * threads) or calling (N threads), read from its shared-memory table; then each thread's chain of interposed calls.
 */
@Command(name = "state", mixinStandardHelpOptions = true,
        description = "Show each load segment of a process running the klas runtime as unused, running (N threads)"
                + " or calling (N threads), and the threads' call chains across segments.")
final class StateCommand implements Callable<Integer> {

    @Option(names = "--pid", paramLabel = "PID", required = true, description = "The process.")
    int pid;

    @Option(names = "--all", description = "Also segments that were unloaded or replaced by a swap.")
    boolean all;

    enum Format { text, json }

    @Option(names = "--format", paramLabel = "FORMAT", description = "text or json.")
    Format format = Format.text;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PartsTable.Snapshot s = PartsTarget.of(pid).snapshot();
        List<PartsState.SegmentState> states = PartsState.segments(s).stream()
                .filter(x -> all || (x.segment().loaded() && !x.segment().replaced()) || x.running() + x.calling() > 0)
                .toList();
        List<PartsState.Chain> chains = PartsState.chains(s);
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(Json.write(Json.object("pid", pid, "swaps", s.swaps(), "segments", states.stream().map(x ->
                    Json.object("index", x.segment().index(), "name", x.segment().name(), "path", x.segment().path(),
                            "state", x.state(), "running", x.running(), "calling", x.calling(), "held", x.held(),
                            "loaded", x.segment().loaded(), "replaced", x.segment().replaced())).toList(),
                    "threads", chains.stream().map(c -> Json.object("tid", c.tid(), "chain", c.calls(),
                            "held", c.held().isEmpty() ? null : c.held(), "busy", c.busy())).toList())));
            return ExitCode.OK;
        }
        int width = Math.max(8, states.stream().mapToInt(x -> x.segment().name().length()).max().orElse(0));
        out.println(String.format("%-" + width + "s  %-40s  %4s  %s", "SEGMENT", "STATE", "HELD", "PATH"));
        for (PartsState.SegmentState x : states) {
            String flags = x.segment().replaced() ? " (replaced)" : !x.segment().loaded() ? " (unloaded)" : "";
            out.println(String.format("%-" + width + "s  %-40s  %4d  %s", x.segment().name(), x.text() + flags,
                    x.held(), x.segment().path()));
        }
        for (PartsState.Chain c : chains) {
            out.println("thread " + c.tid() + ": " + (c.busy() ? "(changing too fast to read)"
                    : String.join(", ", c.calls()) + (c.held().isEmpty() ? "" : (c.calls().isEmpty() ? "" : ", ")
                    + "held before " + c.held())));
        }
        return ExitCode.OK;
    }
}
