package dev.klas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.klas.resolve.elf.ElfFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code klas swap --pid PID OLD NEW [--timeout T]}: the runtime of the target loads NEW (local scope), holds new
 * calls into OLD at the trampolines, waits until OLD is unused, re-points every interposed binding to NEW in one
 * step and releases the held calls. Refused before anything changes: OLD matching no or several segments, NEW not
 * a shared object or lacking a symbol, another swap running, a timeout.
 */
@Command(name = "swap", mixinStandardHelpOptions = true,
        description = "Exchange a shared object of a running process (klas runtime with program parts) for another"
                + " version: calls held while the old one drains, then all bindings re-pointed at once.")
final class SwapCommand implements Callable<Integer> {

    @Option(names = "--pid", paramLabel = "PID", required = true, description = "The process.")
    int pid;

    @Parameters(index = "0", paramLabel = "OLD", description = "Segment glob of the loaded object to replace.")
    String old;

    @Parameters(index = "1", paramLabel = "NEW", description = "Path of the new shared object.")
    Path fresh;

    @Option(names = "--timeout", paramLabel = "T", description = "Longest wait for OLD to drain: 500ms, 2s (default 5s).")
    String timeout = "5s";

    enum Format { text, json }

    @Option(names = "--format", paramLabel = "FORMAT", description = "text or json.")
    Format format = Format.text;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        long ms = Durations.millis("--timeout", timeout);
        Path lib = checkSharedObject(fresh);
        PartsTarget target = PartsTarget.of(pid);
        List<String> matched = QuiesceCommand.matching(target.snapshot(), old, pid);
        if (matched.size() > 1) {
            throw new KlasException(ExitCode.INVALID_INPUT, "'" + old + "' matches several segments of process " + pid
                    + " (" + String.join(", ", matched) + "); name one; nothing done");
        }
        try (PartsClient c = target.connect()) {
            JsonNode a = c.request(ms, "swap", old, lib.toString(), Long.toString(ms));
            PrintWriter out = spec.commandLine().getOut();
            if (format == Format.json) {
                out.println(Json.write(a));
                return ExitCode.OK;
            }
            out.println("swapped " + a.path("old").asText() + " -> " + a.path("new").asText() + ": "
                    + a.path("bindings").asLong() + " bindings" + (a.has("symbols") ? " of " + a.get("symbols").asLong()
                    + " symbols" : "") + " re-pointed;"
                    + " drained in " + Durations.text(a.path("quiesce_ns").asLong()) + ", "
                    + a.path("held_calls").asLong() + " calls held (longest "
                    + Durations.text(a.path("longest_hold_ns").asLong()) + "), total "
                    + Durations.text(a.path("total_ns").asLong()));
            return ExitCode.OK;
        } catch (PartsClient.Refused r) {
            throw QuiesceCommand.refusal(r, "swap " + old + " -> " + lib, pid);
        } catch (IOException e) {
            throw new KlasException(ExitCode.INVALID_INPUT, e.getMessage(), e);
        }
    }

    /** The new object's absolute path (the target resolves it, not our working directory), checked to be ET_DYN. */
    private static Path checkSharedObject(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            throw new KlasException(ExitCode.INVALID_INPUT, p + ": no such file; nothing done");
        }
        try {
            ElfFile elf = ElfFile.open(abs);
            if (elf.type() != ElfFile.ET_DYN || elf.section(".dynamic").isEmpty()) {
                throw new KlasException(ExitCode.INVALID_INPUT, p + ": not a shared object; nothing done");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof KlasException k) {
                throw k;
            }
            throw new KlasException(ExitCode.INVALID_INPUT, p + ": not an ELF shared object (" + e.getMessage()
                    + "); nothing done", e);
        }
        return abs;
    }
}
