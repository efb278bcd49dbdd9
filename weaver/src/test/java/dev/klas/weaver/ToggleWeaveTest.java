package dev.klas.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * samples/after-user woven through the weaver with fib_count (before- and after-advice on execution(fib)), run with
 * the woven library while 8 threads call fib(5) over and over: with the main thread calling klas_unweave() and
 * klas_reweave() 1,000 times each ({@code -t}), or woven throughout ({@code -w}). The oracle build's count of fib
 * calls per fib(5) times the top-level calls the program reports is the number of fib calls made: entries never
 * exceed it (equal it when woven throughout), and every entry that armed its return runs its after-advice once.
 * Reweaving jump hooks stops every thread once (KLAS_SYNC_SIGNAL), which on this loaded 2-core machine took up to
 * 90 s for 1,000 toggles: the jump case toggles 100 times unless -Dklas.heavy=true; int3 always 1,000 times.
 */
class ToggleWeaveTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"O2,INT3,-t", "O2,JUMP,-t", "O2,JUMP,-w", "O0,INT3,-w"})
    void eightThreadsRunHookedCodeWhileTheHooksGoOutAndIn(String opt, HookMode mode, String how) throws Exception {
        SampleBuild sample = AfterAdviceTest.SAMPLE;
        Path out = tmp.resolve("w");
        Path program = sample.file("after-user-" + opt);
        WeaveReport report = sample.weave(out, program, mode, List.of(sample.aspect("fib_count")));
        assertEquals(List.of(), report.refused());
        Path log = tmp.resolve("advice.log");
        String toggles = mode == HookMode.JUMP && how.equals("-t") && !Boolean.getBoolean("klas.heavy") ? "100" : "1000";
        Proc p = Proc.run(tmp, Map.of("LD_PRELOAD", Woven.open(out).library().toString(), "KLAS_OUT",
                log.toString()), List.of(program.toString(), "5", how, toggles)).ok();
        assertTrue(p.out().contains("fib(5) calls, " + (how.equals("-t") ? toggles : "0") + " toggles\n"), p.out());
        assertEquals("", p.err());
        assertFalse(p.out().contains("failed"), p.out());
        long perCall = sample.oracle("after-user-oracle", "5").get("fib");
        long topCalls = 1 + AfterAdviceTest.values("(?m)^threads: (\\d+) fib\\(5\\) calls", p.out()).get(0);
        String advice = Files.readString(log);
        long entries = AfterAdviceTest.values("(?m)^entries=(\\d+)$", advice).get(0);
        long returns = AfterAdviceTest.values("(?m)^returns=(\\d+)$", advice).get(0);
        String what = opt + " " + mode + " " + how + ": " + entries + " entries, " + returns + " returns, "
                + perCall * topCalls + " calls";
        assertTrue(topCalls > 8, what);
        assertEquals(entries, returns, what);
        if (how.equals("-w")) {
            assertEquals(perCall * topCalls, entries, what);
        } else {
            assertTrue(entries > 0 && entries <= perCall * topCalls, what);
        }
    }
}
