package dev.klas.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * samples/after-user woven with advice-after at function returns (execution) and after calls: each after-advice
 * fires as often as the oracle build counts, and klas_retval is the value the program printed, through recursion
 * (fib) and a longjmp past three hooked frames (bail), at -O0 and -O2, with int3 and jump hooks.
 */
class AfterAdviceTest {
    static final SampleBuild SAMPLE = SampleBuild.of("after-user");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"O0,INT3", "O0,JUMP", "O2,INT3", "O2,JUMP"})
    void afterAdviceFiresAsTheOracleCountsWithTheReturnedValue(String opt, HookMode mode) throws Exception {
        Path out = tmp.resolve("w");
        WeaveReport report = SAMPLE.weave(out, SAMPLE.file("after-user-" + opt), mode,
                List.of(SAMPLE.aspect("fib_return"), SAMPLE.aspect("square_call"), SAMPLE.aspect("bail_return")));
        String hooks = String.join("\n", report.hooks());
        assertEquals(List.of(), report.refused(), hooks);
        assertTrue(hooks.contains("\tafter-return fib_return") && hooks.contains("\tafter-return bail_return")
                && hooks.contains("\tafter-call square_call"), hooks);
        assertTrue(report.hooks().stream().allMatch(h -> h.contains("\t" + mode.name().toLowerCase())), hooks);
        Path log = tmp.resolve("advice.log");
        Proc p = Proc.run(tmp, Map.of("LD_PRELOAD", Woven.open(out).library().toString(), "KLAS_OUT",
                log.toString()), List.of(SAMPLE.file("after-user-" + opt).toString(), "10")).ok();
        assertEquals("", p.err());
        String advice = Files.readString(log);
        Map<String, Long> oracle = SAMPLE.oracle("after-user-oracle", "10");
        String where = opt + " " + mode + "\n" + hooks;
        assertEquals(oracle.get("fib"), count("(?m)^fib out ", advice), where);
        assertEquals(oracle.get("fib"), count("(?m)^fib in ", advice), where);
        assertEquals(oracle.get("square"), count("(?m)^square -> ", advice), where);
        assertEquals(oracle.get("bail"), count("(?m)^bail -> ", advice), where);
        assertEquals(values("(?m)^fib\\(10\\) = (-?\\d+)$", p.out()), List.of(last("(?m)^fib out (-?\\d+)$", advice)));
        assertEquals(values("(?m)^square\\(\\d+\\) = (-?\\d+)$", p.out()), values("(?m)^square -> (-?\\d+)$", advice));
        assertEquals(List.of(0L, 1L, 2L, 3L), values("(?m)^bail -> (-?\\d+)$", advice).subList(0, 4), advice);
        assertEquals(values("(?m)^bail\\(3, 0\\) = (\\d+)$", p.out()).size() * 4L, count("(?m)^bail -> ", advice));
    }

    /**
     * outer tail-calls inner (a sibling jmp at -O2: one return runs both after-advices, inner's first); twice returns
     * rax:rdx; guard returns after a longjmp dropped four bail frames above its own; op is called through a function
     * pointer (fp-call: after-advice on the instruction after the indirect call); scale's double result survives
     * lean after-advice (at jump sites the trampoline that saves no vector state).
     */
    @ParameterizedTest
    @CsvSource({"O0,INT3", "O0,JUMP", "O2,INT3", "O2,JUMP"})
    void tailCallsPairResultsLongjmpIntoAHookedFrameAndFpCalls(String opt, HookMode mode) throws Exception {
        Path out = tmp.resolve("w");
        WeaveReport report = SAMPLE.weave(out, SAMPLE.file("after-user-" + opt), mode, List.of(
                SAMPLE.aspect("tail_return"), SAMPLE.aspect("twice_return"), SAMPLE.aspect("guard_return"),
                SAMPLE.aspect("bail_return"), SAMPLE.aspect("op_call"), SAMPLE.aspect("scale_lean")));
        String hooks = String.join("\n", report.hooks());
        assertEquals(List.of(), report.refused(), hooks);
        assertTrue(hooks.contains("\tafter-call op_call"), hooks);
        Path log = tmp.resolve("advice.log");
        Proc p = Proc.run(tmp, Map.of("LD_PRELOAD", Woven.open(out).library().toString(), "KLAS_OUT",
                log.toString()), List.of(SAMPLE.file("after-user-" + opt).toString(), "6")).ok();
        assertEquals("", p.err());
        String advice = Files.readString(log);
        String where = opt + " " + mode + "\n" + hooks + "\n" + advice;
        Map<String, Long> oracle = SAMPLE.oracle("after-user-oracle", "6");
        for (String f : List.of("outer", "inner", "twice", "guard", "op")) {
            assertEquals(oracle.get(f), count("(?m)^" + f + " -> ", advice), f + " at " + where);
        }
        List<String> tail = new java.util.ArrayList<>();
        values("(?m)^outer\\(\\d+\\) = (-?\\d+)$", p.out()).forEach(v -> tail.addAll(List.of("inner -> " + v,
                "outer -> " + v)));
        assertEquals(tail, advice.lines().filter(l -> l.matches("(inner|outer) -> .*")).toList(), where);
        assertEquals(p.out().lines().filter(l -> l.startsWith("twice(")).map(l -> l.replaceFirst(".* = ", "")).toList(),
                advice.lines().filter(l -> l.startsWith("twice -> ")).map(l -> l.substring(9)).toList(), where);
        assertEquals(values("(?m)^op\\(\\d+\\) = (-?\\d+)$", p.out()), values("(?m)^op -> (-?\\d+)$", advice), where);
        assertTrue(p.out().contains("guard() = 42\n") && advice.contains("guard -> 42\n"), where);
        assertEquals(oracle.get("bail"), count("(?m)^bail -> ", advice), where);
        assertTrue(p.out().contains("scale(6) = 15.0\n") && advice.contains("scale returned\n"), where);
    }

    @ParameterizedTest
    @CsvSource({"O0,JUMP", "O2,INT3", "O2,JUMP"})
    void aDoubleResultSurvivesAnAdviceThatComputesWithDoubles(String opt, HookMode mode) throws Exception {
        Path out = tmp.resolve("w");
        SAMPLE.weave(out, SAMPLE.file("after-user-" + opt), mode, List.of(SAMPLE.aspect("scale_return")));
        Path log = tmp.resolve("advice.log");
        Proc p = Proc.run(tmp, Map.of("LD_PRELOAD", Woven.open(out).library().toString(), "KLAS_OUT",
                log.toString()), List.of(SAMPLE.file("after-user-" + opt).toString(), "7")).ok();
        assertTrue(p.out().contains("scale(7) = 17.5\n"), p.out());
        assertEquals("scale returned (37)\n", Files.readString(log));
    }

    /**
     * bail(200, 0) nests 201 hooked frames, deeper than the return stack (128): the outer ones run their after-advice,
     * the others (at least 73) are skipped and counted, and the two add up to the oracle's count; a thread ended by
     * pthread_exit inside four quit frames never runs quit's after-advice, and the program goes on.
     */
    @ParameterizedTest
    @CsvSource({"O0,INT3", "O2,JUMP"})
    void aFullReturnStackSkipsAndCountsAndAThreadEndsInsideHookedFrames(String opt, HookMode mode) throws Exception {
        Path out = tmp.resolve("w");
        SAMPLE.weave(out, SAMPLE.file("after-user-" + opt), mode,
                List.of(SAMPLE.aspect("bail_return"), SAMPLE.aspect("quit_return")));
        Path log = tmp.resolve("advice.log");
        Proc p = Proc.run(tmp, Map.of("LD_PRELOAD", Woven.open(out).library().toString(), "KLAS_OUT",
                log.toString()), List.of(SAMPLE.file("after-user-" + opt).toString(), "2", "-x", "200")).ok();
        assertTrue(p.out().contains("bail(200, 0) = 200\nquit thread ended with 7\n"), p.out());
        String advice = Files.readString(log);
        Matcher m = Pattern.compile("^klas: (\\d+) after-advice call\\(s\\) skipped: return stack full \\(depth 128\\)\n$")
                .matcher(p.err());
        assertTrue(m.matches(), p.err());
        long skipped = Long.parseLong(m.group(1));
        /* at least the 73 innermost of 201; frames a longjmp left (guard's bail) may hold a few more places */
        assertTrue(skipped >= 201 - 128 && skipped < 201 - 120, p.err());
        assertEquals(SAMPLE.oracle("after-user-oracle", "2", "-x", "200").get("bail"),
                count("(?m)^bail -> ", advice) + skipped, advice);
        assertEquals(4, count("(?m)^quit in ", advice), advice);
        assertEquals(0, count("(?m)^quit out ", advice), advice);
    }

    /** -O0: the instruction after `call die` is also where the `x >= 0` path jumps; -O2: it is outside checked. */
    @ParameterizedTest
    @CsvSource({"O0,also a branch target", "O2,the callee does not return"})
    void afterACallThatDoesNotReturnIsRefusedNamingTheAdviceAfter(String opt, String reason) throws Exception {
        Path out = tmp.resolve("w");
        WeaveReport report = SAMPLE.weave(out, SAMPLE.file("after-user-" + opt), HookMode.INT3,
                List.of(SAMPLE.aspect("die_call")));
        assertEquals(1, report.refused().size(), report.refused().toString());
        String why = report.refused().get(0);
        assertTrue(why.startsWith("checked+0x") && why.contains("advice-after at " + SAMPLE.aspect("die_call") + ":")
                && why.contains("can't carry it: it ") && why.contains(reason), why);
        assertEquals(1, report.hooks().size(), report.hooks().toString());
        assertTrue(report.hooks().get(0).startsWith("checked+0x") && !report.hooks().get(0).contains("after-"),
                report.hooks().toString());
    }

    @org.junit.jupiter.api.Test
    void afterOnALineIsRefusedAtTheAdviceAfter() {
        dev.klas.schema.InvalidAspectException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.klas.schema.InvalidAspectException.class, () -> SAMPLE.weave(tmp.resolve("w"),
                        SAMPLE.file("after-user-O2"), HookMode.INT3, List.of(SAMPLE.aspect("fib_line_after"))));
        assertTrue(e.getMessage().contains(SAMPLE.aspect("fib_line_after") + ":10:17: <advice-after> needs a pointcut"),
                e.getMessage());
        assertTrue(Files.notExists(tmp.resolve("w")));
    }

    static long count(String regex, String text) {
        return Pattern.compile(regex).matcher(text).results().count();
    }

    static List<Long> values(String regex, String text) {
        Matcher m = Pattern.compile(regex).matcher(text);
        List<Long> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(Long.parseLong(m.group(1)));
        }
        return out;
    }

    private static long last(String regex, String text) {
        List<Long> v = values(regex, text);
        return v.get(v.size() - 1);
    }
}
