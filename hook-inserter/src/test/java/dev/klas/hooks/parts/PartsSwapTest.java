package dev.klas.hooks.parts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Swapping libgreet v1 and v2 under load, checked by the service's own counters: after each swap every
 * call started later is answered by the new version ("expect V": wrong, read once calls were checked in that
 * window), no call is answered half by each
 * version (mixed) or lost. 10 swaps by default, 100 with -Dklas.heavy=true. Bad input changes nothing.
 */
class PartsSwapTest {
    private static final Map<String, String> ENV = Map.of("KLAS_PARTS",
            "main|libgreet*|greet*;libgreet*|main|service_note");

    @ParameterizedTest(name = "advice {0}")
    @ValueSource(booleans = { false, true })
    void swapsBackAndForthUnderLoad(boolean advice) {
        int swaps = Boolean.getBoolean("klas.heavy") ? 100 : 10;
        String v1 = PartsFixture.path("greet/libgreet.so").toString();
        String v2 = PartsFixture.path("greet/libgreet-v2.so").toString();
        // with advice: parts/fast_advice.c on the same selectors, every call on the fast path with its advice
        Map<String, String> env = advice ? Map.of("KLAS_PARTS", ENV.get("KLAS_PARTS"), "LD_PRELOAD",
                PartsFixture.advised(ENV.get("KLAS_PARTS")).toString()) : ENV;
        try (PartsProcess p = new PartsProcess(env, List.of("greet/service", "3", "0"))) {
            p.expect("ready");
            long v2Before = 0;
            for (int i = 0; i < swaps; i++) {
                boolean toV2 = i % 2 == 0;
                p.send("expect 0");
                p.send("stats");
                long before = count(p.expect("calls="), "checked");
                String a = p.request(toV2 ? "swap libgreet.so " + v2 + " 5000" : "swap libgreet-v2.so " + v1 + " 5000");
                assertTrue(Json.ok(a), "swap " + i + ": " + a);
                assertEquals(2, Json.number(a, "bindings"), a);
                p.send("expect " + (toV2 ? 2 : 1));
                String s = checkedMore(p, before);
                assertTrue(s.contains(" wrong=0 mixed=0 lost=0 "), "after swap " + i + ": " + s);
                if (toV2 && i == 0) {
                    v2Before = Long.parseLong(s.replaceAll(".* v2=(\\d+) .*", "$1"));
                }
            }
            p.send("stats");
            String end = p.expect("calls=");
            assertTrue(end.contains(" wrong=0 mixed=0 lost=0 "), end);
            long v2After = Long.parseLong(end.replaceAll(".* v2=(\\d+) .*", "$1"));
            assertTrue(v2After > v2Before, "v2 answered calls: " + end);
            assertTrue(p.alive());
            assertEquals(0, p.quit());
            if (advice) {
                String counts = p.expect("fast");
                long before = Long.parseLong(counts.replaceAll(".*before=(\\d+).*", "$1"));
                long after = Long.parseLong(counts.replaceAll(".*after=(\\d+).*", "$1"));
                long calls = Long.parseLong(end.replaceAll("calls=(\\d+) .*", "$1"));
                long notes = Long.parseLong(end.replaceAll(".* notes=(\\d+).*", "$1"));
                // every call (greet, greet_pair, service_note) had its advice; at most the 3 workers' calls in
                // flight at exit had no after-advice yet
                assertTrue(before >= calls + notes && before - after <= 3, counts + " / " + end);
            }
        }
    }

    /**
     * Stats once more calls were checked against "expect V" than the 3 threads could have had in flight when
     * "expect 0" came (those may still count as checked): so some calls of this window were checked.
     */
    private static String checkedMore(PartsProcess p, long before) {
        String s = "";
        for (int i = 0; i < 200; i++) {
            p.send("stats");
            s = p.expect("calls=");
            if (count(s, "checked") > before + 3) {
                return s;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no call was checked after 'expect V': " + s);
    }

    private static long count(String stats, String name) {
        Matcher m = Pattern.compile(" " + name + "=(\\d+)").matcher(stats);
        assertTrue(m.find(), "no " + name + " in " + stats);
        return Long.parseLong(m.group(1));
    }

    @Test
    void badSwapsChangeNothing() {
        try (PartsProcess p = new PartsProcess(ENV, List.of("greet/service", "2", "0"))) {
            p.expect("ready");
            p.send("expect 1");
            String notSo = p.request("swap libgreet.so " + PartsFixture.path("greet/service") + " 1000");
            assertEquals("load", Json.code(notSo), notSo);
            String missing = p.request("swap libgreet.so " + PartsFixture.path("greet/libaudit.so") + " 1000");
            assertEquals("missing-symbol", Json.code(missing), missing);
            assertTrue(missing.contains("\"symbols\":[\"greet\",\"greet_pair\"]"), missing);
            assertEquals("no-match", Json.code(p.request("swap libnothing.so " + PartsFixture.path("greet/libgreet-v2.so")
                    + " 1000")));
            assertEquals("usage", Json.code(p.request("swap libgreet.so")));
            assertEquals("usage", Json.code(p.request("frobnicate")));
            p.send("stats");
            p.send("stats");
            String s = p.expect("calls=");
            assertTrue(s.contains(" v2=0 wrong=0 mixed=0 lost=0 "), s);
            PartsTable t = new PartsTable(p.pid());
            int v1 = t.segment("libgreet.so");
            assertTrue(t.symbols().stream().filter(x -> x.name().startsWith("greet")).allMatch(x -> x.to() == v1),
                    "bindings still into libgreet.so: " + t.symbols());
            assertEquals(0, p.quit());
        }
    }

    /**
     * A call made while a swap waits for OLD to be left is held at the trampoline and continues into NEW: a thread
     * of parts_main state calls pb_version (not its first call, so on the fast path) while the blocker is inside
     * libpartb; the answer must come from libpartb2 once "go" lets the blocker out.
     */
    @ParameterizedTest(name = "advice {0}")
    @ValueSource(booleans = { false, true })
    void aCallDuringASwapIsHeldAndContinuesIntoTheNewPart(boolean advice) throws Exception {
        String b2 = PartsFixture.path("libpartb2.so").toString();
        Map<String, String> env = advice ? Map.of("LD_PRELOAD", PartsFixture.advised("*|libpart*").toString())
                : Map.of("KLAS_PARTS", "*|libpart*");
        try (PartsProcess p = new PartsProcess(env, List.of("parts_main", "state"))) {
            p.expect("inside ");
            CompletableFuture<String> swap = CompletableFuture.supplyAsync(
                    () -> p.request("swap libpartb.so " + b2 + " 5000"));
            boolean holding = false;
            for (int i = 0; i < 250 && !holding; i++) {
                Thread.sleep(20);
                holding = new PartsTable(p.pid()).symbols().stream().anyMatch(s -> (s.flags() & 4) != 0);
            }
            assertTrue(holding, "the swap never held calls");
            p.send("v");
            String state = "";
            for (int i = 0; i < 250 && !state.contains("\"held\":\"pb_version\""); i++) {
                Thread.sleep(20);
                state = p.request("state");
            }
            assertTrue(state.contains("\"held\":\"pb_version\""), state);
            p.send("go");
            assertEquals("version 2", p.expect("version"), "the held call went on into libpartb2");
            String a = swap.get();
            assertTrue(Json.ok(a), a);
            assertTrue(Json.number(a, "held_calls") >= 1, a);
            assertEquals(0, p.quit());
        }
    }

    @Test
    void aSecondSwapIsRefusedAndATimedOutSwapChangesNothing() throws Exception {
        String b2 = PartsFixture.path("libpartb2.so").toString();
        try (PartsProcess p = new PartsProcess(Map.of("KLAS_PARTS", "*|libpart*"), List.of("parts_main", "state"))) {
            p.expect("inside ");
            CompletableFuture<String> first = CompletableFuture.supplyAsync(
                    () -> p.request("swap libpartb.so " + b2 + " 1500"));
            String second = null;
            for (int i = 0; i < 100 && !first.isDone(); i++) {
                Thread.sleep(20);
                if (new PartsTable(p.pid()).symbols().stream().anyMatch(s -> (s.flags() & 4) != 0)) {
                    second = p.request("swap libpartb.so " + b2 + " 100");
                    break;
                }
            }
            assertTrue(second != null, "the first swap never held a call");
            assertEquals("busy", Json.code(second), second);
            String a = first.get();
            assertEquals("timeout", Json.code(a), a);
            assertTrue(a.contains("\"chain\":[{\"symbol\":\"pa_enter\""), a);
            PartsTable t = new PartsTable(p.pid());
            int b = t.segment("libpartb.so");
            assertTrue(t.symbols().stream().filter(s -> s.name().startsWith("pb_")).allMatch(s -> s.to() == b),
                    "bindings still into libpartb.so: " + t.symbols());
            assertTrue(t.symbols().stream().allMatch(s -> (s.flags() & 4) == 0), "nothing held any more");
            p.send("go");
            p.expect("released");
            String ok = p.request("swap libpartb.so " + b2 + " 5000");
            assertTrue(Json.ok(ok), ok);
            PartsTable after = new PartsTable(p.pid());
            int nb = after.segment("libpartb2.so");
            assertTrue(after.symbols().stream().filter(s -> s.name().startsWith("pb_")).allMatch(s -> s.to() == nb),
                    "bindings now into libpartb2.so: " + after.symbols());
            assertEquals(0, p.quit());
        }
    }
}
