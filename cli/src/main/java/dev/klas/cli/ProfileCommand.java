package dev.klas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klas.weaver.PartsRuntime;
import dev.klas.weaver.WeaveException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code klas profile --pid PID [--duration T] | --run -- PROGRAM ARGS}: calls, total and self time of every
 * interposed function and its callers by segment, from a running process's runtime or from a run of PROGRAM under
 * the bare runtime (docs/parts-format.md); text like gprof, JSON, or collapsed stacks.
 */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Per-part profile: calls, total and self time of each function called across load segments,"
                + " with its callers by segment (a running process, or a program run under the klas runtime).")
final class ProfileCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--pid", paramLabel = "PID", description = "A process running the klas runtime.")
        Integer pid;

        @Option(names = "--run", description = "Run PROGRAM (after --) under the bare runtime and profile it to its exit.")
        boolean run;
    }

    @Option(names = "--duration", paramLabel = "T", description = "With --pid: reset the counters, profile for T"
            + " (500ms, 2s), then print. Without it, the counters as they are.")
    String duration;

    @Option(names = "--segment-call", paramLabel = "FROM|TO[|FUNCTION]", description = "With --run: the calls to"
            + " interpose (fnmatch globs, main = the program; repeatable; default main|*).")
    List<String> segmentCalls;

    enum Format { text, json, collapsed }

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (gprof-like), json or collapsed.")
    Format format = Format.text;

    @Option(names = "--weight", paramLabel = "W", description = "collapsed: self-ns (default) or calls.")
    String weight = "self-ns";

    @Parameters(paramLabel = "PROGRAM", arity = "0..*", description = "With --run: the program and its arguments.")
    List<String> command;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!weight.equals("self-ns") && !weight.equals("calls")) {
            throw new KlasException(ExitCode.USAGE, "--weight takes self-ns or calls");
        }
        if (source.run) {
            if (command == null || command.isEmpty()) {
                throw new KlasException(ExitCode.USAGE, "--run needs a program: klas profile --run -- PROGRAM ARGS");
            }
            return ran();
        }
        if (command != null && !command.isEmpty() || segmentCalls != null) {
            throw new KlasException(ExitCode.USAGE, "a program and --segment-call go with --run, not --pid");
        }
        PartsTarget target = PartsTarget.of(source.pid);
        JsonNode profile;
        try (PartsClient c = target.connect()) {
            if (duration != null) {
                long ms = Durations.millis("--duration", duration);
                boolean was = c.request(0, "hello").path("profiling").asBoolean();
                c.request(0, "profile-reset");
                c.request(0, "profile-on");
                Thread.sleep(ms);
                profile = c.request(0, "profile");
                if (!was) {
                    c.request(0, "profile-off");
                }
            } else {
                profile = c.request(0, "profile");
                if (!profile.path("profiling").asBoolean()) {
                    Quiet.note(spec, "profiling is off in process " + source.pid + ": these are the counters as last"
                            + " left; --duration T profiles for T");
                }
            }
        } catch (PartsClient.Refused r) {
            throw QuiesceCommand.refusal(r, "profile", source.pid);
        }
        print(profile, "process " + source.pid);
        return ExitCode.OK;
    }

    /** Runs the program with the bare runtime preloaded and profiling on; prints the profile it dumps at exit. */
    private int ran() throws IOException, InterruptedException {
        if (duration != null) {
            throw new KlasException(ExitCode.USAGE, "--duration goes with --pid; --run profiles to the program's exit");
        }
        List<String> specs = segmentCalls == null ? List.of("main|*") : segmentCalls;
        for (String s : specs) {
            if (s.contains(";") || s.split("\\|", -1).length < 2 || s.split("\\|", -1).length > 3) {
                throw new KlasException(ExitCode.USAGE, "--segment-call takes FROM|TO or FROM|TO|FUNCTION, not '" + s + "'");
            }
        }
        Path lib;
        try {
            lib = PartsRuntime.library();
        } catch (WeaveException e) {
            throw Failures.of(e);
        }
        Path dump = Files.createTempFile("klas-profile", ".json");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
            Map<String, String> env = pb.environment();
            String own = env.getOrDefault("LD_PRELOAD", "");
            env.put("LD_PRELOAD", lib + (own.isBlank() ? "" : ":" + own));
            env.put("KLAS_PARTS", String.join(";", specs));
            env.put("KLAS_PROFILE", "1");
            env.put("KLAS_PARTS_DUMP", dump.toString());
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new KlasException(ExitCode.INVALID_INPUT, command.get(0) + ": cannot run: " + e.getMessage(), e);
            }
            int status = p.waitFor();
            String text = Files.readString(dump).strip();
            if (text.isEmpty()) {
                throw new KlasException(ExitCode.INVALID_INPUT, command.get(0) + " exited with " + status + " and"
                        + " left no profile (killed before exit, or it does not load the runtime: a static program?)");
            }
            JsonNode profile = new ObjectMapper().readTree(text);
            print(profile, String.join(" ", command));
            if (status != 0) {
                Quiet.note(spec, command.get(0) + " exited with status " + status);
            }
            return status;
        } finally {
            Files.deleteIfExists(dump);
        }
    }

    private void print(JsonNode profile, String what) {
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case json -> out.println(Json.write(profile));
            case collapsed -> ProfileReport.collapsed(profile, weight.equals("calls"), out);
            default -> ProfileReport.text(profile, what, out);
        }
        out.flush();
    }
}
