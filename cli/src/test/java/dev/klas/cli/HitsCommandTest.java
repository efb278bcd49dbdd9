package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klas.advice.Exec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code klas run --hits} and {@code klas hits --pid/--woven} on samples/mbuf-user's oracle build, woven with
 * log_reset_len and set_m_len: the program counts its own join points (KLAS_ORACLE) and prints them at exit, which
 * is what the runtime's per-thread counters must add up to.
 */
class HitsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ASPECTS = List.of("log_reset_len", "set_m_len");

    @TempDir
    static Path tmp;
    static Path program;
    static Path woven;

    @BeforeAll
    static void weave() {
        Sample s = Sample.make(tmp);
        program = s.build().resolve("mbuf-user-oracle");
        woven = tmp.resolve("woven");
        List<String> args = new ArrayList<>(List.of("weave", "--binary", program.toString(), "--db", s.db().toString(),
                "--target", "userspace", "--out", woven.toString(), "--hook-mode", "auto"));
        ASPECTS.forEach(a -> args.addAll(List.of("--aspect", Run.repo().resolve("samples/aspects/" + a + ".xml")
                .toString())));
        Run w = Run.klas(args.toArray(String[]::new));
        assertEquals(0, w.exitCode(), w.err());
    }

    private static Map<String, Long> oracle(String out) {
        Map<String, Long> m = new HashMap<>();
        Matcher x = Pattern.compile("(?m)^oracle (\\w+)=(\\d+)$").matcher(out);
        while (x.find()) {
            m.put(x.group(1), Long.parseLong(x.group(2)));
        }
        return m;
    }

    private static long aspectHits(JsonNode counts, String name) {
        for (JsonNode a : counts.get("aspects")) {
            if (a.get("name").asText().equals(name)) {
                return a.get("hits").asLong();
            }
        }
        throw new AssertionError("no aspect " + name + " in " + counts);
    }

    @Test
    void hitsFileEqualsTheProgramsOwnCountersWithFourThreads() throws Exception {
        Path hits = tmp.resolve("four.json");
        ProcessBuilder pb = new ProcessBuilder(RunCommandTest.klas("run", "--hits", hits.toString(), "--woven",
                woven.toString(), "--", program.toString(), "20000", "4")).redirectInput(Tools.NO_INPUT)
                .redirectOutput(tmp.resolve("four.txt").toFile()).redirectError(tmp.resolve("four.err").toFile());
        pb.environment().put("KLAS_OUT", "/dev/null");
        List<String> cmd = pb.command();
        assertEquals(0, Tools.await(pb.start(), cmd), Files.readString(tmp.resolve("four.err")));
        String out = Files.readString(tmp.resolve("four.txt"));
        Map<String, Long> want = oracle(out);
        JsonNode got = JSON.readTree(hits.toFile());
        assertTrue(got.get("finished").asBoolean());
        for (String a : ASPECTS) {
            assertTrue(want.get(a) > 20000, out);
            assertEquals(want.get(a), aspectHits(got, a), a + " in " + got);
        }
        long sum = 0;
        for (JsonNode h : got.get("hooks")) {
            sum += h.get("hits").asLong();
        }
        assertEquals(want.get("log_reset_len"), sum, "log_reset_len has advice on every hook");
        assertFalse(Files.exists(HitsTarget.shmFile(got.get("pid").asInt())), "klas run removes the shm file");
    }

    @Test
    void liveCountsAreWholeAndNeverGoDown() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(RunCommandTest.klas("run", "--hits", tmp.resolve("live.json").toString(),
                "--woven", woven.toString(), "--", program.toString(), "100000000", "2"))
                .redirectOutput(tmp.resolve("live.txt").toFile()).redirectErrorStream(true);
        pb.environment().put("KLAS_OUT", "/dev/null");
        Process klas = pb.start();
        try {
            int pid = programPid(klas);
            List<JsonNode> reads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Run x = Run.klas("hits", i % 2 == 0 ? "--pid" : "--woven", i % 2 == 0 ? Integer.toString(pid)
                        : woven.toString(), "--format", "json");
                assertEquals(0, x.exitCode(), x.err());
                reads.add(JSON.readTree(x.out()));
                Thread.sleep(150);
            }
            for (int i = 0; i < reads.size(); i++) {
                JsonNode r = reads.get(i);
                assertEquals(pid, r.get("pid").asInt());
                assertFalse(r.get("finished").asBoolean());
                long sum = 0;
                for (int h = 0; h < r.get("hooks").size(); h++) {
                    long now = r.get("hooks").get(h).get("hits").asLong();
                    sum += now;
                    if (i > 0) {
                        long before = reads.get(i - 1).get("hooks").get(h).get("hits").asLong();
                        assertTrue(now >= before, "hook " + h + " went from " + before + " to " + now);
                    }
                }
                assertEquals(sum, aspectHits(r, "log_reset_len"), "an aspect is the sum of its hooks in one read");
            }
            assertTrue(aspectHits(reads.get(reads.size() - 1), "log_reset_len")
                    > aspectHits(reads.get(0), "log_reset_len"), "the counts move while the program runs");
            Path snap = tmp.resolve("snap.json");
            Run reset = Run.klas("hits", "--pid", Integer.toString(pid), "--reset", "--out", snap.toString());
            assertEquals(0, reset.exitCode(), reset.err());
            long atReset = aspectHits(JSON.readTree(snap.toFile()), "log_reset_len");
            assertTrue(atReset >= aspectHits(reads.get(reads.size() - 1), "log_reset_len"));
            Run after = Run.klas("hits", "--pid", Integer.toString(pid), "--format", "json");
            JsonNode since = JSON.readTree(after.out());
            assertTrue(since.get("reset").asBoolean());
            assertTrue(aspectHits(since, "log_reset_len") < atReset, "after --reset the counts start again from 0");
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            assertTrue(klas.waitFor(60, TimeUnit.SECONDS), "klas run ends with its program");
            JsonNode last = JSON.readTree(tmp.resolve("live.json").toFile());
            assertTrue(last.get("finished").asBoolean() && last.get("reset").asBoolean(), last.toString());
            assertFalse(Files.exists(HitsTarget.shmFile(pid)), "klas run removes the shm file of a killed program");
        } finally {
            Exec.kill(klas);
        }
    }

    private static int programPid(Process klas) throws InterruptedException {
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); System.nanoTime() < end && klas.isAlive(); ) {
            for (ProcessHandle h : klas.descendants().toList()) {
                if (Files.exists(HitsTarget.shmFile((int) h.pid()))) {
                    return (int) h.pid();
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the program did not show hit counts within 60 s");
    }

    @Test
    void badInputIsAMessageWithItsExitCode() throws Exception {
        int self = (int) ProcessHandle.current().pid();
        check(Run.klas("hits", "--pid", Integer.toString(self)), 1, "shows no klas hit counts (no /dev/shm/klas-"
                + self + ".hits)");
        check(Run.klas("hits", "--pid", "0"), 2, "--pid takes a process id");
        check(Run.klas("hits", "--module", "no_such_klas_module"), 1, "no module no_such_klas_module is loaded");
        check(Run.klas("hits", "--module", "../x"), 2, "--module takes a module name");
        check(Run.klas("hits", "--woven", tmp.toString()), 1, "not a folder written by klas weave");
        check(Run.klas("hits", "--woven", woven.toString()), 1, "no running process has");
        check(Run.klas("hits"), 2, "Missing required argument");
        Files.writeString(HitsTarget.shmFile(self), "not a hits file, but long enough to hold a header".repeat(4));
        try {
            check(Run.klas("hits", "--pid", Integer.toString(self)), 1, "not a klas hits file (magic)");
        } finally {
            Files.deleteIfExists(HitsTarget.shmFile(self));
        }
    }

    private static void check(Run r, int exit, String message) {
        assertEquals(exit, r.exitCode(), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    @Test
    void kernelFileIsParsedAndBadLinesNamed() {
        String text = "klas-hits\t1\tklas_mbuf\tsince-load\naspect\t0\tlog\t5\t0\t1\n"
                + "hook\t0\t3\tm_get\t12\tregistered\tmbuf.c:22:5\nadvice\t0\tlog\n"
                + "hook\t1\t2\tm_free\t4\tregistered\tmbuf.c:30:1\nadvice\t1\tlog\n";
        HitCounts c = KernelHits.parse(text, Path.of("hits"));
        assertEquals(5, c.total());
        assertEquals(5, c.aspect("log").orElseThrow().hits());
        assertEquals(5, c.aspect("log").orElseThrow().runs().getAsLong());
        KlasException e = org.junit.jupiter.api.Assertions.assertThrows(KlasException.class,
                () -> KernelHits.parse(text + "hook\tx\n", Path.of("hits")));
        assertEquals(1, e.exitCode());
        assertTrue(e.getMessage().startsWith("hits:7: not a klas hits line"), e.getMessage());
    }

    @Test
    void aCopiedModuleFileGivesTheJsonOfTheModule() throws Exception {
        String text = "klas-hits\t1\tklas_mbuf\treset\r\naspect\t0\tlog\t5\t0\t1\r\n"
                + "hook\t0\t3\tm_get\t12\tregistered\tmbuf.c:22:5\r\nadvice\t0\tlog\r\n"
                + "hook\t1\t2\tm_free\t4\tregistered\tmbuf.c:30:1\r\nadvice\t1\tlog\r\n";
        Path copy = Files.writeString(tmp.resolve("copied-hits"), text);
        Path snapshot = tmp.resolve("snapshot.json");
        Run r = Run.klas("hits", "--module-file", copy.toString(), "--format", "json", "--out", snapshot.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode json = new ObjectMapper()
                .readTree(r.out());
        assertEquals(json, new ObjectMapper().readTree(snapshot.toFile()));
        assertEquals("klas_mbuf", json.get("module").asText());
        assertTrue(json.get("reset").asBoolean());
        assertEquals(5, json.get("total").asLong());
        assertEquals("log", json.get("aspects").get(0).get("name").asText());
        assertEquals(5, json.get("aspects").get(0).get("runs").asLong());
        assertEquals(List.of("m_get+12=3", "m_free+4=2"), List.of(hook(json, 0), hook(json, 1)));
        Files.writeString(copy, text + "hook\tx\n");
        check(Run.klas("hits", "--module-file", copy.toString()), 1, copy + ":7: not a klas hits line: hook\tx");
        check(Run.klas("hits", "--module-file", copy.toString(), "--reset"), 2, "is a copy");
        check(Run.klas("hits", "--module-file", tmp.resolve("nowhere").toString()), 1, tmp.resolve("nowhere")
                + ": no such file");
    }

    private static String hook(JsonNode json, int i) {
        JsonNode h = json.get("hooks").get(i);
        return h.get("symbol").asText() + "+" + h.get("offset").asLong() + "=" + h.get("hits").asLong();
    }
}
