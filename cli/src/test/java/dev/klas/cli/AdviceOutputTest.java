package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user-space runtime's output buffer (issue 21) on samples/output-user woven with its aspect tick.xml
 * ({@code tick ID N} at every write of counter.n, N counting 0, 1, 2, ... per counter), under {@code klas run}
 * started as its own process. Oracles: the hit counts of {@code klas run --hits}, the program's own tick total, and
 * the N of each line (each thread's lines must come in the order it made them, none twice).
 */
class AdviceOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TICK = Pattern.compile("tick (\\d+) (\\d+)");
    private static final Pattern DROPPED = Pattern.compile("(?m)^klas: (\\d+) advice lines dropped");
    /** No periodic flush during the run: what reaches the file was written by the flush under test. */
    private static final Map<String, String> NO_TIMER = Map.of("KLAS_OUTPUT_INTERVAL", "3600000");

    @TempDir
    static Path tmp;
    static Path program;
    static Path woven;

    /** {@code make -C samples/output-user}, {@code klas extract}, {@code klas weave --aspect tick.xml}. */
    @BeforeAll
    static void weave() {
        Path sample = Run.repo().resolve("samples/output-user");
        Path build = tmp.resolve("build");
        Tools.run(sample, "make", "-s", "OUT=" + build);
        program = build.resolve("output-user");
        Path db = tmp.resolve("symbols.db");
        Run x = Run.klas("--quiet", "extract", "--compile-commands", build.resolve("compile_commands.json").toString(),
                "--root", sample.toString(), "--db", db.toString(), "--jobs", "2");
        assertEquals(0, x.exitCode(), x.err());
        woven = tmp.resolve("woven");
        Run w = Run.klas("weave", "--aspect", sample.resolve("aspects/tick.xml").toString(), "--binary",
                program.toString(), "--db", db.toString(), "--target", "userspace", "--out", woven.toString(),
                "--hook-mode", "auto");
        assertEquals(0, w.exitCode(), w.err());
    }

    /** One klas run: its exit, stdout, stderr, the advice lines (KLAS_OUT) and the hit count of tick. */
    record Outcome(int exit, String out, String err, List<long[]> lines, long hits) {
        long dropped() {
            Matcher m = DROPPED.matcher(err);
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        }

        /** Each id's N values in file order; fails unless they rise strictly (order kept, no line twice). */
        Map<Long, List<Long>> perThread() {
            Map<Long, List<Long>> m = new TreeMap<>();
            for (long[] l : lines) {
                List<Long> ns = m.computeIfAbsent(l[0], k -> new ArrayList<>());
                long last = ns.isEmpty() ? -1 : ns.get(ns.size() - 1);
                assertTrue(last < l[1], "id " + l[0] + ": " + l[1] + " after " + last);
                ns.add(l[1]);
            }
            return m;
        }

        /** The lines as runs "ID FIRST..LAST" of one id with consecutive N, in file order (compact to compare). */
        List<String> runs() {
            List<String> runs = new ArrayList<>();
            long id = -1, first = -1, last = -1;
            for (long[] l : lines) {
                if (l[0] != id || l[1] != last + 1) {
                    if (id >= 0) {
                        runs.add(id + " " + first + ".." + last);
                    }
                    id = l[0];
                    first = l[1];
                }
                last = l[1];
            }
            if (id >= 0) {
                runs.add(id + " " + first + ".." + last);
            }
            return runs;
        }

        /** Per id, after {@link #perThread()}'s order check: "ID: COUNT lines FIRST..LAST". */
        List<String> summary() {
            List<String> out = new ArrayList<>();
            perThread().forEach((id, ns) -> out.add(id + ": " + ns.size() + " lines " + ns.get(0) + ".."
                    + ns.get(ns.size() - 1)));
            return out;
        }
    }

    static Outcome run(String name, Map<String, String> env, String... args) throws Exception {
        Path log = tmp.resolve(name + ".log");
        Path hits = tmp.resolve(name + ".json");
        Files.deleteIfExists(log);
        List<String> cmd = new ArrayList<>(List.of("run", "--woven", woven.toString(), "--hits", hits.toString(), "--",
                program.toString()));
        cmd.addAll(List.of(args));
        Map<String, String> all = new HashMap<>(env);
        all.put("KLAS_OUT", log.toString());
        Path out = tmp.resolve(name + ".out");
        Path err = tmp.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(RunCommandTest.klas(cmd.toArray(String[]::new))).directory(tmp.toFile())
                .redirectInput(Tools.NO_INPUT).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(all);
        int exit = Tools.await(pb.start(), pb.command());
        List<long[]> lines = new ArrayList<>();
        for (String l : Files.exists(log) ? Files.readAllLines(log) : List.<String>of()) {
            Matcher m = TICK.matcher(l);
            assertTrue(m.matches(), "not an advice line: '" + l + "'");
            lines.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
        }
        long tick = -1;
        if (Files.exists(hits)) {
            for (JsonNode a : JSON.readTree(hits.toFile()).get("aspects")) {
                if (a.get("name").asText().equals("tick")) {
                    tick = a.get("hits").asLong();
                }
            }
        }
        return new Outcome(exit, Files.readString(out), Files.readString(err), lines, tick);
    }

    @Test
    void fourThreadsLinesReadPlusDroppedEqualTheHits() throws Exception {
        Outcome o = run("four", Map.of(), "threads", "50000", "4");
        assertEquals(0, o.exit(), o.err());
        assertEquals("ticks 200000", o.out().strip());
        assertEquals(200000, o.hits(), o.err());
        assertEquals(o.hits(), o.lines().size() + o.dropped(), o.err());
        Map<Long, List<Long>> per = o.perThread();
        assertEquals(List.of(1L, 2L, 3L, 4L), List.copyOf(per.keySet()));
    }

    /** A 4 KiB buffer per thread (170 lines) and 200,000 lines as fast as one thread makes them: most are dropped. */
    @Test
    void fullBufferCountsEveryDroppedLine() throws Exception {
        Outcome o = run("full", Map.of("KLAS_OUTPUT_BUFFER", "4k"), "threads", "200000", "1");
        assertEquals(0, o.exit(), o.err());
        assertEquals(200000, o.hits(), o.err());
        assertTrue(o.dropped() > 0 && !o.lines().isEmpty(), o.lines().size() + " lines; " + o.err());
        assertEquals(o.hits(), o.lines().size() + o.dropped(), o.err());
        o.perThread();
    }

    @Test
    void normalExitWritesEveryLine() throws Exception {
        Outcome o = run("exit", NO_TIMER, "threads", "1000", "2");
        assertEquals(0, o.exit(), o.err());
        assertEquals(List.of("1: 1000 lines 0..999", "2: 1000 lines 0..999"), o.summary(), o.err());
        assertEquals(0, o.dropped(), o.err());
    }

    /**
     * The parent's 100 lines before fork are written before the fork (so before anything of the child's), once; the
     * child's 100 at its exit; the parent's next 100 at its exit: exactly that sequence.
     */
    @Test
    void forkWritesTheParentsLinesOnceAndBeforeTheChilds() throws Exception {
        Outcome o = run("fork", NO_TIMER, "fork", "100");
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().contains("child exit 0"), o.out());
        assertEquals(List.of("1 0..99", "2 0..99", "1 100..199"), o.runs(), o.err());
    }

    @Test
    void crashAfterTheAdviceKeepsEveryLine() throws Exception {
        Outcome o = run("crash", NO_TIMER, "crash", "100");
        assertEquals(128 + 11, o.exit(), o.err());
        assertEquals(List.of("1: 100 lines 0..99"), o.summary(), o.err());
        assertEquals(100, o.hits());
    }

    /**
     * A 20 us timer's SIGALRM handler ticks id 2 on the thread that ticks id 1, so advice interrupts advice inside
     * klas_printf: both reserve in the same ring. Oracle: the program's own tick total (the hit counts are not one
     * here: a hit counted by the handler between the interrupted hit's load and store of its counter is lost).
     */
    @Test
    void adviceInASignalHandlerInterruptingAdviceLosesNoLine() throws Exception {
        Outcome o = run("signal", Map.of(), "signal", "1000000");
        assertEquals(0, o.exit(), o.err());
        Matcher ticks = Pattern.compile("(?m)^ticks (\\d+)$").matcher(o.out());
        Matcher handler = Pattern.compile("(?m)^in handler (\\d+)$").matcher(o.out());
        assertTrue(ticks.find() && handler.find(), o.out());
        assertTrue(Long.parseLong(handler.group(1)) > 100, o.out());
        assertEquals(Long.parseLong(ticks.group(1)), o.lines().size() + o.dropped(), o.err());
        // a hit counted by advice in the handler between the interrupted advice's load and store of the same counter
        // was lost while the count was a load and a store (2,062,792 counted of 2,063,071)
        assertEquals(Long.parseLong(ticks.group(1)), o.hits(), "hits counted by klas run --hits");
        assertEquals(List.of(1L, 2L), List.copyOf(o.perThread().keySet()));
    }

    /** KLAS_OUTPUT=direct: one write(2) per call, nothing to flush; a value it does not know is named and ignored. */
    @Test
    void directModeAndBadSettings() throws Exception {
        Outcome direct = run("direct", Map.of("KLAS_OUTPUT", "direct", "KLAS_OUTPUT_BUFFER", "4k"), "threads",
                "20000", "2");
        assertEquals(0, direct.exit(), direct.err());
        assertEquals(40000, direct.lines().size(), direct.err());
        assertEquals(0, direct.dropped());
        Outcome bad = run("bad", Map.of("KLAS_OUTPUT", "fast", "KLAS_OUTPUT_BUFFER", "12 MB", "KLAS_OUTPUT_INTERVAL",
                "0"), "threads", "10", "1");
        assertEquals(0, bad.exit(), bad.err());
        assertTrue(bad.err().contains("klas: KLAS_OUTPUT=fast: expected buffered or direct; using buffered"), bad.err());
        assertTrue(bad.err().contains("klas: KLAS_OUTPUT_BUFFER=12 MB: expected bytes from 4096 to 64m"), bad.err());
        assertTrue(bad.err().contains("klas: KLAS_OUTPUT_INTERVAL=0: expected milliseconds"), bad.err());
        assertEquals(10, bad.lines().size());
    }
}
