package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.Exec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * samples/libgreet built into a folder ({@code make -s OUT=DIR}), and its service started under a klas runtime with
 * stdin kept open: {@code expect V}, {@code stats}, {@code quit} as its comment says. Its counters are the oracle.
 */
final class Greet implements AutoCloseable {
    static final Pattern STATS = Pattern.compile("calls=(\\d+) v1=(\\d+) v2=(\\d+) wrong=(\\d+) mixed=(\\d+)"
            + " lost=(\\d+) notes=(\\d+) checked=(\\d+)");

    record Stats(long calls, long v1, long v2, long wrong, long mixed, long lost, long notes, long checked) {
        static Stats parse(String line) {
            Matcher m = STATS.matcher(line);
            assertTrue(m.find(), "no counters in: " + line);
            long[] v = new long[8];
            for (int i = 0; i < 8; i++) {
                v[i] = Long.parseLong(m.group(i + 1));
            }
            return new Stats(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
        }
    }

    /** Heavy tests run only with -Dklas.heavy=true; then a build that fails is a failure, not a skip. */
    static void requireHeavy(String what) {
        Assumptions.assumeTrue(Boolean.getBoolean("klas.heavy"), "heavy: " + what + " (-Dklas.heavy=true)");
    }

    static Path build(Path out) throws IOException, InterruptedException {
        Path sample = Run.repo().resolve("samples/libgreet");
        Files.createDirectories(out);
        Tools.run(sample, "make", "-s", "OUT=" + out);
        return out;
    }

    final Process process;
    private final Path stdout;
    private final OutputStream stdin;

    private Greet(Process process, Path stdout) {
        this.process = process;
        this.stdout = stdout;
        this.stdin = process.getOutputStream();
    }

    /** Starts {@code service THREADS 0} with the given environment; returns once it printed "ready". */
    static Greet start(Path dir, int threads, Map<String, String> env) throws Exception {
        Path out = Files.createTempFile(dir, "service", ".out");
        ProcessBuilder pb = new ProcessBuilder(dir.resolve("service").toString(), Integer.toString(threads), "0")
                .directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(env);
        Greet g = new Greet(pb.start(), out);
        g.waitFor(l -> l.equals("ready"), 0);
        Path table = Path.of("/dev/shm/klas-" + g.pid());
        for (int i = 0; i < 200 && !Files.exists(Path.of(table + ".sock")); i++) {
            Thread.sleep(25);
        }
        assertTrue(Files.exists(table) && Files.exists(Path.of(table + ".sock")), "the runtime published no "
                + table + " / .sock");
        return g;
    }

    int pid() {
        return (int) process.pid();
    }

    void send(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        stdin.flush();
    }

    Stats stats() throws Exception {
        int before = lines().size();
        send("stats");
        return Stats.parse(waitFor(l -> l.startsWith("calls="), before));
    }

    private List<String> lines() throws IOException {
        return new ArrayList<>(Files.readAllLines(stdout));
    }

    private String waitFor(java.util.function.Predicate<String> want, int from) throws Exception {
        for (int i = 0; i < 400; i++) {
            List<String> l = lines();
            for (int k = from; k < l.size(); k++) {
                if (want.test(l.get(k))) {
                    return l.get(k);
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the service did not answer (alive: " + process.isAlive() + "): " + lines());
    }

    /** {@code quit}: the final counters. */
    Stats quit() throws Exception {
        int before = lines().size();
        send("quit");
        Stats s = Stats.parse(waitFor(l -> l.startsWith("calls="), before));
        assertTrue(process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "the service did not exit");
        return s;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    Exec.kill(process);
                }
                Files.deleteIfExists(Path.of("/dev/shm/klas-" + pid()));
                Files.deleteIfExists(Path.of("/dev/shm/klas-" + pid() + ".sock"));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
