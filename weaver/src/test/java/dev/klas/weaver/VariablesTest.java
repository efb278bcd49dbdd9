package dev.klas.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * samples/vars-user woven with advice that reads the program's variables by name ($p->len, $acc, $total.hits): the
 * advice prints "truth ..." lines in the format the program prints them itself, from the true values, just before
 * each hook runs; the two sequences must be equal, at -O0 (stack slots through the CFA) and -O2 (registers, location
 * lists, computed values), with int3 and jump hooks. Where DWARF gives no value the weave refuses at the name.
 */
class VariablesTest {
    static final SampleBuild SAMPLE = SampleBuild.of("vars-user");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"O0,INT3", "O0,JUMP", "O2,INT3", "O2,JUMP"})
    void parametersMembersAndGlobalsAtAFieldAccessEqualTheProgramsOwnValues(String opt, HookMode mode)
            throws Exception {
        List<String> advice = run(opt, mode, "weigh_vars", "5", "11");
        assertEquals(truth(opt, "weigh", "5", "11"), advice);
        assertEquals(5, advice.size());
    }

    @ParameterizedTest
    @CsvSource({"O0,INT3", "O0,JUMP", "O2,INT3", "O2,JUMP"})
    void localsOfALoopAtALineEqualTheProgramsOwnValues(String opt, HookMode mode) throws Exception {
        List<String> advice = run(opt, mode, "sum_line", "6", "2");
        assertEquals(truth(opt, "sum", "6", "2"), advice);
        assertEquals(5, advice.size());
    }

    @ParameterizedTest
    @CsvSource({"O0,INT3", "O2,JUMP"})
    void localsAfterACallInTheCaller(String opt, HookMode mode) throws Exception {
        List<String> advice = run(opt, mode, "sum_after_call", "5", "2");
        assertEquals(truth(opt, "sum", "5", "2"), advice);
        assertEquals(4, advice.size());
    }

    /** Line 35 has two hooks (the read of q->id and the call), so each truth line is seen twice. */
    @ParameterizedTest
    @CsvSource({"O0,INT3", "O2,JUMP"})
    void theParameterAndLocalOfAnInlinedCopy(String opt, HookMode mode) throws Exception {
        List<String> advice = run(opt, mode, "add_inline", "4", "3");
        List<String> twice = new java.util.ArrayList<>();
        truth(opt, "add ", "4", "3").forEach(l -> twice.addAll(List.of(l, l)));
        assertEquals(twice, advice);
        assertEquals(8, advice.size());
    }

    @ParameterizedTest
    @CsvSource({"O0,INT3", "O0,JUMP"})
    void aFileStaticIsReadAtItsAddressMovedByTheLoadBias(String opt, HookMode mode) throws Exception {
        List<String> advice = run(opt, mode, "scale_static", "4", "1");
        assertEquals(truth(opt, "scale", "4", "1"), advice);
        assertEquals(4, advice.size());
    }

    /** klas_available($scale): true with the value at -O0, false (and $scale 0) at -O2 where it has no location. */
    @ParameterizedTest
    @CsvSource({"O0,INT3", "O0,JUMP", "O2,INT3", "O2,JUMP"})
    void anAvailabilityTestInsteadOfARefusal(String opt, HookMode mode) throws Exception {
        List<String> advice = run(opt, mode, "scale_available", "4", "1");
        List<String> expected = opt.equals("O0") ? truth(opt, "scale", "4", "1")
                : java.util.Collections.nCopies(4, "scale unavailable (0)");
        assertEquals(expected, advice);
        assertEquals(4, advice.size());
    }

    @ParameterizedTest
    @CsvSource({"O2,INT3", "O2,JUMP"})
    void parametersAtTheEntryOfAnOptimizedFunction(String opt, HookMode mode) throws Exception {
        List<String> advice = run(opt, mode, "weigh_entry", "3", "5");
        List<String> expected = truth(opt, "weigh", "3", "5").stream()
                .map(l -> l.replaceAll("truth weigh (id=\\d+) len=\\d+ tag=\\S+ (bonus=\\d+) .*", "truth entry $1 $2"))
                .toList();
        assertEquals(expected, advice);
    }

    @ParameterizedTest
    @CsvSource({
            "O2,scale_static,scale,is unavailable at the hook weigh+0x0 (vars.c:9): it is optimized out",
            "O0,weigh_entry,p,is unavailable at the hook weigh+0x0 (vars.c:7): the hook is in the function's prologue",
            "O2,nosuch,nosuch,is not in scope at the hook weigh+0x0 (vars.c:7): no parameter, local or global",
            "O2,caller_local,t,is not in scope at the hook total_len+0x3d (vars.c:35): no parameter, local or global"})
    void aNameWithoutAValueAtTheHookRefusesTheWeaveAtItsPosition(String opt, String aspect, String name,
                                                                 String reason) throws Exception {
        Path out = tmp.resolve("w");
        WeaveException e = assertThrows(WeaveException.class, () -> SAMPLE.weave(out,
                SAMPLE.file("vars-user-" + opt), HookMode.INT3, List.of(SAMPLE.aspect(aspect))));
        assertEquals(WeaveException.Kind.INVALID_INPUT, e.kind());
        List<String> lines = Files.readAllLines(SAMPLE.aspect(aspect));
        int line = 0;
        while (!lines.get(line).contains("$" + name)) {
            line++;
        }
        String at = SAMPLE.aspect(aspect) + ":" + (line + 1) + ":" + (lines.get(line).indexOf("$" + name) + 1)
                + ": error: $" + name + " ";
        assertTrue(e.getMessage().contains(at + reason), e.getMessage() + "\nwanted: " + at + reason);
        assertFalse(Files.exists(out), "nothing written");
    }

    private List<String> run(String opt, HookMode mode, String aspect, String... args) throws Exception {
        Path out = tmp.resolve("w");
        WeaveReport report = SAMPLE.weave(out, SAMPLE.file("vars-user-" + opt), mode, List.of(SAMPLE.aspect(aspect)));
        assertEquals(List.of(), report.refused(), String.join("\n", report.hooks()));
        Path log = tmp.resolve("advice.log");
        List<String> cmd = new java.util.ArrayList<>(List.of(SAMPLE.file("vars-user-" + opt).toString()));
        cmd.addAll(List.of(args));
        Proc p = Proc.run(tmp, Map.of("LD_PRELOAD", Woven.open(out).library().toString(), "KLAS_OUT",
                log.toString()), cmd).ok();
        assertEquals("", p.err());
        return Files.readAllLines(log);
    }

    /** The program's own "truth WHAT ..." lines, without klas. */
    private List<String> truth(String opt, String what, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(SAMPLE.file("vars-user-" + opt).toString()));
        cmd.addAll(List.of(args));
        return Proc.run(tmp, Map.of(), cmd).ok().out().lines().filter(l -> l.startsWith("truth " + what)).toList();
    }
}
