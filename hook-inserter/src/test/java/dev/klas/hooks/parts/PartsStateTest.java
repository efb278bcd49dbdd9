package dev.klas.hooks.parts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * State of the parts while threads are inside them, read through the shared-memory table (an independent
 * reader) and the socket; callbacks, recursion, longjmp, a dlopen'ed part, lazy and LD_BIND_NOW binding.
 * The oracle is the fixture program's own structure (parts/main.c) and its printed results.
 */
class PartsStateTest {
    private static final Map<String, String> ALL = Map.of("KLAS_PARTS", "*|libpart*");

    @Test
    void threadBlockedInACallbackIsSeenRunningAndCalling() {
        try (PartsProcess p = new PartsProcess(ALL, List.of("parts_main", "state"))) {
            int tid = Integer.parseInt(p.expect("inside ").split(" ")[1]);
            PartsTable t = new PartsTable(p.pid());
            assertEquals(p.pid(), t.pid());
            // the blocker thread: main -> pa_enter -> pb_call -> pa_back -> pb_call -> pa_back (blocked)
            int blocker = t.threads().stream().filter(th -> th.frames().length == 5).findFirst()
                    .orElseThrow(() -> new AssertionError("no thread with 5 frames: " + t.threads())).tid();
            assertTrue(blocker != tid, "the blocked thread is not the main thread");
            assertEquals(List.of("pa_enter", "pb_call", "pa_back", "pb_call", "pa_back"), t.chain(blocker));
            assertEquals("running+calling", t.state("libparta.so"));
            assertEquals("calling", t.state("libpartb.so"));
            assertEquals("unused", t.state("main"));
            String state = p.request("state");
            assertEquals("running+calling", Json.segmentState(state, "libparta.so"), state);
            assertEquals("calling", Json.segmentState(state, "libpartb.so"), state);
            assertEquals("unused", Json.segmentState(state, "main"), state);
            assertTrue(state.contains("\"tid\":" + blocker + ",\"chain\":[{\"symbol\":\"pa_enter\",\"from\":\"main\","
                    + "\"to\":\"libparta.so\"}"), state);

            String q = p.request("quiesce libpartb.so 200");
            assertEquals("timeout", Json.code(q), q);
            assertTrue(q.contains("\"tid\":" + blocker), q);
            p.send("go");
            p.expect("released");
            String done = p.request("quiesce libpart* 5000");
            assertTrue(Json.ok(done), done);
            assertEquals("unused", new PartsTable(p.pid()).state("libpartb.so"));
            assertEquals("no-match", Json.code(p.request("quiesce nothing-like-this 10")));
            assertEquals(0, p.quit());
        }
    }

    @Test
    void recursionAcrossSegmentsIsCountedPerCall() {
        try (PartsProcess p = new PartsProcess(Map.of("KLAS_PARTS", "*|libpart*", "KLAS_PROFILE", "1"),
                List.of("parts_main", "recurse", "20"))) {
            // pa_enter(n) = 101 n + 101 (parts/parta.c, partb.c)
            assertEquals("result " + (101 * 20 + 101), p.expect("result"));
            p.expect("waiting");
            String prof = p.request("profile");
            assertEquals(1, Json.calls(prof, "pa_enter"), prof);
            assertEquals(21, Json.calls(prof, "pb_call"), prof);
            assertEquals(21, Json.calls(prof, "pa_back"), prof);
            assertEquals(21, Json.callsFrom(prof, "pa_back", "libpartb.so"), prof);
            assertTrue(new PartsTable(p.pid()).threads().stream().allMatch(th -> th.frames().length == 0));
            assertEquals(0, p.quit());
        }
    }

    @Test
    void aTailCallIntoAnotherPartReturnsThroughBothFrames() {
        // pa_tail (libparta) ends in `jmp pb_add@PLT`: pb_add's frame is pushed on the return slot that already
        // leads back through pa_tail's stub; a frame mistaken for a stale one would abort the program at return.
        for (Map<String, String> env : List.of(Map.of("KLAS_PARTS", "*|libpart*"),
                Map.of("KLAS_PARTS", "*|libpart*", "KLAS_PROFILE", "1"))) {
            try (PartsProcess p = new PartsProcess(env, List.of("parts_main", "tail", "10000"))) {
                // sum over i < 10000 of i + 1
                assertEquals("tail 10000 sum 50005000", p.expect("tail"));
                p.expect("waiting");
                PartsTable t = new PartsTable(p.pid());
                assertTrue(t.threads().stream().allMatch(th -> th.frames().length == 0 && th.stale() == 0),
                        t.threads().toString());
                if (env.containsKey("KLAS_PROFILE")) {
                    String prof = p.request("profile");
                    assertEquals(10000, Json.calls(prof, "pa_tail"), prof);
                    assertEquals(10000, Json.calls(prof, "pb_add"), prof);
                    assertEquals(10000, Json.callsFrom(prof, "pb_add", "libparta.so"), prof);
                }
                assertEquals(0, p.quit());
            }
        }
    }

    @Test
    void longjmpOutOfAnInterposedCallLeavesNoFrameBehind() {
        try (PartsProcess p = new PartsProcess(Map.of("KLAS_PARTS", "*|libpart*", "KLAS_PROFILE", "1"),
                List.of("parts_main", "jump", "50"))) {
            assertEquals("jumps 50 sum 500500", p.expect("jumps"));
            p.expect("waiting");
            PartsTable t = new PartsTable(p.pid());
            PartsTable.Thread main = t.threads().stream().filter(th -> th.stale() > 0).findFirst()
                    .orElseThrow(() -> new AssertionError("no stale frames recorded: " + t.threads()));
            assertEquals(0, main.frames().length);
            assertEquals(50, main.stale());
            assertEquals("unused", t.state("libpartb.so"));
            String prof = p.request("profile");
            assertEquals(50, Json.calls(prof, "pb_jump"), prof);
            assertEquals(1000, Json.calls(prof, "pb_add"), prof);
            assertEquals(0, p.quit());
        }
    }

    @Test
    void callsFromADlopenedPartAreInterposed() {
        try (PartsProcess p = new PartsProcess(Map.of("KLAS_PARTS", "*|libpartb*", "KLAS_PROFILE", "1"),
                List.of("parts_main", "dlopen", "777"))) {
            assertEquals("pc 777 " + (777L * 778 / 2), p.expect("pc "));
            p.expect("waiting");
            String prof = p.request("profile");
            assertEquals(777, Json.callsFrom(prof, "pb_add", "libpartc.so"), prof);
            assertEquals(0, Json.callsFrom(prof, "pb_add", "main"), prof);
            assertTrue(new PartsTable(p.pid()).segments().stream().anyMatch(s -> s.name().equals("libpartc.so")));
            assertEquals(0, p.quit());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "1" })
    void lazyAndBindNowCountTheSame(String bindNow) {
        Map<String, String> env = bindNow.isEmpty() ? Map.of("KLAS_PARTS", "main|libpartb*|pb_add", "KLAS_PROFILE", "1")
                : Map.of("KLAS_PARTS", "main|libpartb*|pb_add", "KLAS_PROFILE", "1", "LD_BIND_NOW", bindNow);
        try (PartsProcess p = new PartsProcess(env, List.of("parts_main", "count", "12345"))) {
            assertEquals("count 12345 sum " + (12345L * 12346 / 2), p.expect("count"));
            p.expect("waiting");
            String prof = p.request("profile");
            assertEquals(12345, Json.calls(prof, "pb_add"), prof);
            assertFalse(prof.contains("\"pb_call\""), "only the selected function is interposed: " + prof);
            assertEquals(0, p.quit());
        }
    }

    @Test
    void recordsOfExitedThreadsAreReused() {
        try (PartsProcess p = new PartsProcess(Map.of("KLAS_PARTS", "main|libpartb*", "KLAS_PROFILE", "1"),
                List.of("parts_main", "threads", "1500"))) {
            assertEquals("threads 1500 sum " + (1500L * 1501 / 2), p.expect("threads"));
            p.expect("waiting");
            // more threads than the table's 1,024 records: every call is still recorded and counted
            assertEquals(1500, Json.calls(p.request("profile"), "pb_add"));
            assertTrue(new PartsTable(p.pid()).threads().size() <= 2, "records released at thread exit");
            assertEquals(0, p.quit());
        }
    }

    @Test
    void aForkedChildNeverWritesIntoTheParentsTable() {
        try (PartsProcess p = new PartsProcess(Map.of("KLAS_PARTS", "main|libpartb*", "KLAS_PROFILE", "1"),
                List.of("parts_main", "fork", "100"))) {
            assertEquals("child sum 10100 table private", p.expect("child"));
            assertEquals("parent sum 5050", p.expect("parent"));
            p.expect("waiting");
            assertEquals(100, Json.calls(p.request("profile"), "pb_add"), "only the parent's own calls");
            assertEquals(0, p.quit());
        }
    }
}
