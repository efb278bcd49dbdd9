package dev.klas.hooks.parts;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state tests of {@link PartsStateTest} with advice on the fast path (parts/fast_advice.c: context-free advice with KLAS_FAST variants that clobber every argument register).
 * Oracles: the fixture program's results (the arguments and return values survived the advice), the shared table
 * read independently (frames, stale counts, chains) and the advice's own counts printed at exit, against the
 * calls the program makes by its structure (parts/main.c).
 */
class PartsFastAdviceTest {
    private static final String ALL = "*|libpart*";

    private static Map<String, String> advised(String selectors) {
        return Map.of("LD_PRELOAD", PartsFixture.advised(selectors).toString());
    }

    /** Advice that also clobbers the vector argument and return registers, marked KLAS_FAST_VECTOR. */
    private static Map<String, String> vector(String selectors) {
        return Map.of("LD_PRELOAD", PartsFixture.advised(selectors, true).toString());
    }

    @Test
    void recursionRunsAdviceAtEveryCallAndReturn() {
        for (Map<String, String> env : List.of(advised(ALL), vector(ALL))) {
            recurse(env);
        }
    }

    private static void recurse(Map<String, String> env) {
        try (PartsProcess p = new PartsProcess(env, List.of("parts_main", "recurse", "20"))) {
            assertEquals("result " + (101 * 20 + 101), p.expect("result"));
            p.expect("waiting");
            assertTrue(new PartsTable(p.pid()).threads().stream().allMatch(th -> th.frames().length == 0));
            assertEquals(0, p.quit());
            // 2N + 3 nested interposed calls, each with its before- and after-advice; only the thread's first call
            // took the slow path (which runs the same advice through its context variant)
            assertEquals("fast before=43 after=43 slow=1", p.expect("fast"));
        }
    }

    @Test
    void aThreadBlockedInACallbackIsSeenWithAdviceOn() {
        try (PartsProcess p = new PartsProcess(advised(ALL), List.of("parts_main", "state"))) {
            p.expect("inside ");
            PartsTable t = new PartsTable(p.pid());
            int blocker = t.threads().stream().filter(th -> th.frames().length == 5).findFirst()
                    .orElseThrow(() -> new AssertionError("no thread with 5 frames: " + t.threads())).tid();
            assertEquals(List.of("pa_enter", "pb_call", "pa_back", "pb_call", "pa_back"), t.chain(blocker));
            assertEquals("running+calling", t.state("libparta.so"));
            assertEquals("calling", t.state("libpartb.so"));
            assertEquals("timeout", Json.code(p.request("quiesce libpartb.so 200")));
            p.send("go");
            p.expect("released");
            assertTrue(Json.ok(p.request("quiesce libpart* 5000")));
            assertEquals(0, p.quit());
            // the version thread's pb_version and the blocker's five calls; each thread's first call is slow
            assertEquals("fast before=6 after=6 slow=2", p.expect("fast"));
        }
    }

    @Test
    void tailCallsAndLongjmpKeepTheFramesExact() {
        try (PartsProcess p = new PartsProcess(vector(ALL), List.of("parts_main", "tail", "10000"))) {
            assertEquals("tail 10000 sum 50005000", p.expect("tail"));
            p.expect("waiting");
            PartsTable t = new PartsTable(p.pid());
            assertTrue(t.threads().stream().allMatch(th -> th.frames().length == 0 && th.stale() == 0),
                    t.threads().toString());
            assertEquals(0, p.quit());
            // pa_tail and pb_add, both returned; a tail call (same stack pointer as the frame below) and the
            // thread's first call take the slow path
            assertEquals("fast before=20000 after=20000 slow=10001", p.expect("fast"));
        }
        try (PartsProcess p = new PartsProcess(advised(ALL), List.of("parts_main", "jump", "50"))) {
            assertEquals("jumps 50 sum 500500", p.expect("jumps"));
            p.expect("waiting");
            PartsTable t = new PartsTable(p.pid());
            PartsTable.Thread main = t.threads().stream().filter(th -> th.stale() > 0).findFirst()
                    .orElseThrow(() -> new AssertionError("no stale frames recorded: " + t.threads()));
            assertEquals(0, main.frames().length);
            assertEquals(50, main.stale());
            assertEquals(0, p.quit());
            // 50 pb_jump calls never return; each took the slow path (the first call of the thread, then the frame
            // the previous one left behind has to be dropped), the 1000 pb_add calls the fast one
            assertEquals("fast before=1050 after=1000 slow=51", p.expect("fast"));
        }
    }

    @Test
    void vectorArgumentsAndResultsSurviveTheAdvice() {
        try (PartsProcess p = new PartsProcess(vector("main|libpartb*"), List.of("parts_main", "scale", "1000"))) {
            // sum of i * 0.5 for i < 1000; the advice sets xmm0-7 to all ones before and xmm0-1 after each call
            assertEquals("scale 1000 sum 249750.0", p.expect("scale"));
            assertEquals(0, p.quit());
            assertEquals("fast before=1000 after=1000 slow=1", p.expect("fast"));
        }
    }

    @Test
    void threadsComeAndGoWithAdvice() {
        try (PartsProcess p = new PartsProcess(advised("main|libpartb*"), List.of("parts_main", "threads", "300"))) {
            assertEquals("threads 300 sum " + (300L * 301 / 2), p.expect("threads"));
            p.expect("waiting");
            assertTrue(new PartsTable(p.pid()).threads().size() <= 2, "records released at thread exit");
            assertEquals(0, p.quit());
            // every thread's first (and only) call takes the slow path, which runs the same advice
            assertEquals("fast before=300 after=300 slow=300", p.expect("fast"));
        }
    }
}
