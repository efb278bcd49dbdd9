package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klas.weaver.PartsRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * klas state / quiesce / swap on the libgreet service running under the bare runtime (built by {@link PartsRuntime}),
 * judged by the service's own counters and by /proc: states only name threads the process has, a swap leaves no
 * call answered by the wrong version, half by each, or lost, and a refused swap changes nothing.
 */
class PartsCommandsHeavyTest {
    @TempDir
    static Path tmp;
    static Path dir;
    static Map<String, String> env;

    @BeforeAll
    static void build() throws Exception {
        Greet.requireHeavy("program parts on samples/libgreet");
        dir = Greet.build(tmp.resolve("greet"));
        env = Map.of("LD_PRELOAD", PartsRuntime.library().toString(),
                "KLAS_PARTS", "main|libgreet*|greet*;libgreet*|main|service_*");
    }

    private static JsonNode json(Run r) throws Exception {
        assertEquals(0, r.exitCode(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void stateNamesOnlyTheServicesThreadsAndQuiesceWaitsForUnused() throws Exception {
        try (Greet g = Greet.start(dir, 3, env)) {
            boolean sawRunning = false;
            boolean sawCallback = false;
            for (int i = 0; i < 30; i++) {
                JsonNode s = json(Run.klas("state", "--pid", Integer.toString(g.pid()), "--format", "json"));
                Set<Integer> tasks = tasks(g.pid());
                for (JsonNode seg : s.get("segments")) {
                    assertTrue(seg.get("running").asInt() + seg.get("calling").asInt() <= 3, seg.toString());
                    if (seg.get("name").asText().equals("libgreet.so") && seg.get("running").asInt() > 0) {
                        sawRunning = true;
                    }
                    if (seg.get("name").asText().equals("main") && seg.get("running").asInt() > 0) {
                        sawCallback = true;
                    }
                }
                for (JsonNode t : s.get("threads")) {
                    assertTrue(tasks.contains(t.get("tid").asInt()), "tid " + t + " is not a thread of " + g.pid());
                }
            }
            assertTrue(sawRunning, "libgreet.so was never seen running while 3 threads call it in a loop");
            assertTrue(sawCallback, "main was never seen running a call back from libgreet.so (service_note)");
            Run text = Run.klas("state", "--pid", Integer.toString(g.pid()));
            assertTrue(text.out().matches("(?s).*\\nlibgreet\\.so +(unused|running \\(\\d threads?\\)|calling \\(\\d"
                    + " threads?\\)|running \\(\\d threads?\\), calling \\(\\d threads?\\)) .*"), text.out());
            Run q = Run.klas("quiesce", "--pid", Integer.toString(g.pid()), "--segment", "libgreet*", "--timeout", "5s");
            assertEquals(0, q.exitCode(), q.err());
            assertTrue(q.out().startsWith("libgreet.so: unused in every thread after "), q.out());
            Run none = Run.klas("quiesce", "--pid", Integer.toString(g.pid()), "--segment", "libnothing*");
            assertEquals(1, none.exitCode(), none.err());
            assertTrue(none.err().contains("'libnothing*' matches no loaded segment"), none.err());
            for (int i = 0; i < 10; i++) {
                Run fast = Run.klas("quiesce", "--pid", Integer.toString(g.pid()), "--segment", "libgreet*",
                        "--timeout", "1ms");
                assertTrue(fast.exitCode() == 0 || fast.exitCode() == ExitCode.TIMEOUT, fast.err());
                if (fast.exitCode() == ExitCode.TIMEOUT) {
                    assertTrue(fast.err().contains("(timeout)") && fast.err().contains("nothing was changed"),
                            fast.err());
                    fast.err().lines().filter(l -> l.startsWith("  thread ")).forEach(l -> assertTrue(
                            l.matches("  thread \\d+: .*@libgreet\\.so.*"), "a thread inside: " + l));
                }
            }
            Greet.Stats s0 = g.stats();
            JsonNode p = json(Run.klas("profile", "--pid", Integer.toString(g.pid()), "--duration", "300ms",
                    "--format", "json"));
            Greet.Stats s1 = g.stats();
            long profiled = 0;
            for (JsonNode sym : p.get("symbols")) {
                if (sym.get("to").asText().equals("libgreet.so")) {
                    profiled += sym.get("calls").asLong();
                }
            }
            assertTrue(profiled > 0 && profiled <= s1.calls() - s0.calls() + 3, profiled + " calls profiled, the"
                    + " service counted " + (s1.calls() - s0.calls()) + " between its two stats around the profile");
            Greet.Stats end = g.quit();
            assertEquals(0, end.wrong() + end.mixed() + end.lost(), end.toString());
        }
    }

    @Test
    void swapToV2AndBackUnderLoadLosesNoCall() throws Exception {
        try (Greet g = Greet.start(dir, 3, env)) {
            String pid = Integer.toString(g.pid());
            Run refused = Run.klas("swap", "--pid", pid, "libgreet.so", dir.resolve("libaudit.so").toString());
            assertEquals(1, refused.exitCode(), refused.err());
            assertTrue(refused.err().contains("missing-symbol") && refused.err().contains("greet"), refused.err());
            g.send("expect 1");
            Greet.Stats before = g.stats();
            assertTrue(before.v1() > 0 && before.v2() == 0, before.toString());
            g.send("expect 0");
            Greet.Stats unchecked = g.stats();
            Run to2 = Run.klas("swap", "--pid", pid, "libgreet.so", dir.resolve("libgreet-v2.so").toString(),
                    "--timeout", "5s");
            assertEquals(0, to2.exitCode(), to2.err());
            assertTrue(to2.out().startsWith("swapped libgreet.so -> libgreet-v2.so: "), to2.out());
            g.send("expect 2");
            Greet.Stats mid = waitForChecked(g, unchecked.checked());
            assertEquals(0, mid.wrong() + mid.mixed() + mid.lost(), mid.toString());
            g.send("expect 0");
            unchecked = g.stats();
            Run to1 = Run.klas("swap", "--pid", pid, "libgreet-v2.so", dir.resolve("libgreet.so").toString());
            assertEquals(0, to1.exitCode(), to1.err());
            g.send("expect 1");
            Greet.Stats back = waitForChecked(g, unchecked.checked());
            assertEquals(0, back.wrong() + back.mixed() + back.lost(), back.toString());
            g.send("expect 0");
            for (int i = 0; i < 20; i++) {
                boolean toV2 = i % 2 == 0;
                Run r = Run.klas("swap", "--pid", pid, toV2 ? "libgreet.so" : "libgreet-v2.so",
                        dir.resolve(toV2 ? "libgreet-v2.so" : "libgreet.so").toString());
                assertEquals(0, r.exitCode(), "swap " + i + ": " + r.err());
            }
            Greet.Stats settled = g.stats();
            g.send("expect 1");
            waitForChecked(g, settled.checked());
            JsonNode st = json(Run.klas("state", "--pid", pid, "--format", "json"));
            assertEquals(22, st.get("swaps").asInt(), st.toString());
            Greet.Stats end = g.quit();
            assertEquals(0, end.wrong() + end.mixed() + end.lost(), end.toString());
            assertTrue(end.v1() > settled.v1(), "v1 answers after the 20 swaps (the last one back to v1): " + end);
            assertTrue(end.v2() - settled.v2() <= 3, "v2 answered no call after the last swap back to v1 (at most one"
                    + " call per thread answered before it may be counted after it): " + settled + " then " + end);
        }
    }

    /**
     * Counters once more calls were checked against "expect V" than {@code than} plus the 3 threads' calls that may
     * have been in flight at the previous "expect" line: some call of this window was checked (wrong counts it).
     */
    private static Greet.Stats waitForChecked(Greet g, long than) throws Exception {
        for (int i = 0; i < 100; i++) {
            Greet.Stats s = g.stats();
            if (s.checked() > than + 3) {
                return s;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no call was checked after 'expect V': " + g.stats());
    }

    @Test
    void badInputChangesNothing() throws Exception {
        try (Greet g = Greet.start(dir, 2, env)) {
            String pid = Integer.toString(g.pid());
            Path text = Files.writeString(tmp.resolve("not-elf.so"), "not a shared object\n");
            Run notSo = Run.klas("swap", "--pid", pid, "libgreet.so", text.toString());
            assertEquals(1, notSo.exitCode(), notSo.err());
            assertTrue(notSo.err().contains("not an ELF shared object") && notSo.err().contains("nothing done"),
                    notSo.err());
            Run noMatch = Run.klas("swap", "--pid", pid, "libnothing*", dir.resolve("libgreet-v2.so").toString());
            assertEquals(1, noMatch.exitCode(), noMatch.err());
            Run badTimeout = Run.klas("quiesce", "--pid", pid, "--segment", "libgreet*", "--timeout", "soon");
            assertEquals(2, badTimeout.exitCode(), badTimeout.err());
            JsonNode s = json(Run.klas("state", "--pid", pid, "--format", "json"));
            assertEquals(0, s.get("swaps").asInt(), "a refused swap is not counted");
            g.send("expect 1");
            Greet.Stats end = g.quit();
            assertTrue(end.v1() > 0 && end.v2() == 0 && end.wrong() == 0, end.toString());
        }
    }

    private static Set<Integer> tasks(int pid) throws Exception {
        Set<Integer> out = new HashSet<>();
        try (var s = Files.list(Path.of("/proc", Integer.toString(pid), "task"))) {
            s.forEach(p -> out.add(Integer.parseInt(p.getFileName().toString())));
        }
        assertFalse(out.isEmpty());
        return out;
    }
}
