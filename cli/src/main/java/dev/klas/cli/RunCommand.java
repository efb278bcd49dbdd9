package dev.klas.cli;

import dev.klas.weaver.WeaveException;
import dev.klas.weaver.Woven;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sun.misc.Signal;

/**
 * {@code klas run --woven DIR -- PROGRAM [ARGS...]}: checks that the plan was made for this program (build-id, code
 * hash, every hook's bytes), then runs it with the woven library preloaded ahead of its own LD_PRELOAD, forwards
 * SIGINT and SIGTERM, and exits with its status (128+N when a signal N ended it). With {@code --hits FILE} the
 * runtime keeps its hit counts file when the program ends; they are written to FILE as JSON and the file removed.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a program with the hooks of a userspace weave (checked against the program first).")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--woven", paramLabel = "DIR", required = true, description = "Output folder of klas weave.")
    Path woven;

    @Option(names = "--hits", paramLabel = "FILE", description = "Write the final hit counts to FILE when the"
            + " program exits (JSON, as klas hits --format json).")
    Path hits;

    @Parameters(paramLabel = "PROGRAM", arity = "1..*", description = "The program and its arguments (after --).")
    List<String> command;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<String> given = spec.commandLine().getParseResult().originalArgs();
        int dashes = given.indexOf("--");
        if (dashes < 0 || given.size() - dashes - 1 != command.size()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "put -- before the program, so"
                    + " that its options stay its own: klas run --woven " + woven + " -- " + String.join(" ", command));
        }
        Path program = locate(command.get(0));
        Woven w;
        List<String> problems;
        try {
            w = Woven.open(woven);
            problems = w.problems(program);
        } catch (WeaveException e) {
            throw Failures.of(e);
        }
        if (!problems.isEmpty()) {
            List<String> shown = problems.size() > 5 ? problems.subList(0, 5) : problems;
            throw new KlasException(ExitCode.INVALID_INPUT, "refusing to run " + program + " with " + woven
                    + ": the plan was made for another build\n  " + String.join("\n  ", shown)
                    + (problems.size() > 5 ? "\n  ... and " + (problems.size() - 5) + " more" : ""));
        }
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        Map<String, String> env = pb.environment();
        String own = env.getOrDefault("LD_PRELOAD", "");
        env.put("LD_PRELOAD", w.library() + (own.isBlank() ? "" : ":" + own));
        if (hits != null) {
            env.put("KLAS_HITS_KEEP", Long.toString(ProcessHandle.current().pid()));
        }
        Process p = pb.start();
        forward("INT", p);
        forward("TERM", p);
        int status = p.waitFor();
        if (hits != null) {
            keepHits((int) p.pid());
        }
        Files.deleteIfExists(HitsTarget.shmFile((int) p.pid())); /* left when a signal ended the program */
        return status;
    }

    /** The counts the program left in /dev/shm/klas-PID.hits, written to --hits FILE; the shm file is removed. */
    private void keepHits(int pid) throws IOException {
        Path file = HitsTarget.shmFile(pid);
        if (!Files.exists(file)) {
            spec.commandLine().getErr().println("klas run: the program left no hit counts (no " + file + "): no hook"
                    + " of " + woven + " was put in; " + hits + " not written");
            return;
        }
        try (HitsFile f = HitsFile.open(file, false)) {
            HitCounts c = f.read();
            HitsSnapshot.write(new HitCounts(c.kind(), c.name(), true, c.reset(), c.hooks(), c.aspects()), hits);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void forward(String name, Process p) {
        Signal.handle(new Signal(name), s -> {
            try {
                new ProcessBuilder("kill", "-s", name, Long.toString(p.pid()))
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                p.destroy();
            }
        });
    }

    /** A name without {@code /} is looked up in PATH, as the shell does. */
    private static Path locate(String name) {
        if (name.contains("/")) {
            return Path.of(name);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new KlasException(ExitCode.INVALID_INPUT, name + ": not found in PATH");
    }
}
