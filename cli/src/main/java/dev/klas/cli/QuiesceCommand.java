package dev.klas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.klas.weaver.Fnmatch;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code klas quiesce --pid PID --segment GLOB --timeout T}: waits (in the target's runtime) until every segment
 * matching GLOB is unused in every thread; prints how long that took, or on timeout which threads are inside and
 * their call chains. It changes nothing in the target.
 */
@Command(name = "quiesce", mixinStandardHelpOptions = true,
        description = "Wait until a load segment is unused in every thread of a process running the klas runtime.")
final class QuiesceCommand implements Callable<Integer> {

    @Option(names = "--pid", paramLabel = "PID", required = true, description = "The process.")
    int pid;

    @Option(names = "--segment", paramLabel = "GLOB", required = true,
            description = "Segment name (soname or file name, main for the program) or path glob.")
    String segment;

    @Option(names = "--timeout", paramLabel = "T", description = "How long to wait: 500ms, 2s, 1m (default 5s).")
    String timeout = "5s";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        long ms = Durations.millis("--timeout", timeout);
        PartsTarget target = PartsTarget.of(pid);
        List<String> matched = matching(target.snapshot(), segment, pid);
        PrintWriter out = spec.commandLine().getOut();
        try (PartsClient c = target.connect()) {
            JsonNode a = c.request(ms, "quiesce", segment, Long.toString(ms));
            List<String> names = new ArrayList<>();
            a.path("segments").forEach(n -> names.add(n.asText()));
            out.println(String.join(", ", names.isEmpty() ? matched : names) + ": unused in every thread after "
                    + Durations.text(a.path("waited_ns").asLong()));
            return ExitCode.OK;
        } catch (PartsClient.Refused r) {
            throw refusal(r, "quiesce " + segment, pid);
        } catch (java.io.IOException e) {
            throw new KlasException(ExitCode.INVALID_INPUT, e.getMessage(), e);
        }
    }

    /** The names of the loaded segments the glob matches as the runtime would; none is a user error. */
    static List<String> matching(PartsTable.Snapshot s, String glob, int pid) {
        List<String> out = new ArrayList<>();
        for (PartsTable.Segment seg : s.segments()) {
            String base = seg.path().substring(seg.path().lastIndexOf('/') + 1);
            boolean main = (seg.flags() & 2) != 0;
            boolean m = Fnmatch.matches(glob, seg.name())
                    || (!main && (Fnmatch.matches(glob, seg.path()) || Fnmatch.matches(glob, base)));
            if (seg.loaded() && !seg.replaced() && m) {
                out.add(seg.name());
            }
        }
        if (out.isEmpty()) {
            throw new KlasException(ExitCode.INVALID_INPUT, "'" + glob + "' matches no loaded segment of process "
                    + pid + " (segments: " + String.join(", ", s.segments().stream().filter(PartsTable.Segment::loaded)
                    .map(PartsTable.Segment::name).toList()) + "); nothing done");
        }
        return out;
    }

    /** A refusal of the runtime as a message and exit code; the threads inside, when it says which. */
    static KlasException refusal(PartsClient.Refused r, String what, int pid) {
        StringBuilder sb = new StringBuilder(what + (r.code.equals("timeout") ? " timed out in process " + pid
                + (r.answer.has("waited_ns") ? " (waited " + Durations.text(r.answer.get("waited_ns").asLong()) + ")"
                : "") : " refused by process " + pid) + " (" + r.code + "): " + r.getMessage());
        for (JsonNode t : r.answer.path("inside")) {
            List<String> chain = new ArrayList<>();
            t.path("chain").forEach(f -> chain.add(f.path("from").asText() + " -> " + f.path("symbol").asText()
                    + "@" + f.path("to").asText()));
            sb.append("\n  thread ").append(t.path("tid").asInt()).append(": ").append(String.join(", ", chain));
        }
        if (r.answer.has("symbols")) {
            List<String> names = new ArrayList<>();
            r.answer.get("symbols").forEach(n -> names.add(n.asText()));
            sb.append("\n  missing: ").append(String.join(", ", names));
        }
        sb.append("\nnothing was changed in the target");
        int code = switch (r.code) {
            case "timeout" -> ExitCode.TIMEOUT;
            case "usage" -> ExitCode.USAGE;
            case "internal" -> ExitCode.INTERNAL;
            default -> ExitCode.INVALID_INPUT;
        };
        return new KlasException(code, sb.toString());
    }
}
