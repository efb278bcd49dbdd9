package dev.klas.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * samples/values-user woven with advice that prints klas_old/klas_new at member writes, klas_value at member reads
 * and the typed klas_retval at a return: the lines must equal those the oracle build (-DKLAS_ORACLE, values.h's
 * SET/GET) prints from the true values, at -O0 and -O2, with int3 and jump hooks. Names without a value at their hook
 * refuse the weave at their position.
 */
class ValuesTest {
    static final SampleBuild SAMPLE = SampleBuild.of("values-user");
    static final String[] ARGS = {"5", "130", "-7", "32767"};
    static final List<String> ACCESS = List.of("set_balance", "set_flags", "set_total", "set_level", "get_balance",
            "get_flags");
    /** Aspects reading bit-fields: the field's bits of the accessed bytes, sign-extended for the signed ones. */
    static final List<String> BITS = List.of("set_bits", "set_mood", "set_span", "get_bits", "get_mood");
    /** Aspects naming klas_new at read-modify-writes (compound assignments: one instruction to memory at -O2). */
    static final List<String> RMW = List.of("rmw_credit", "rmw_mask", "rmw_step", "rmw_debt", "rmw_hits");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"O0,INT3", "O0,JUMP", "O2,INT3", "O2,JUMP"})
    void oldNewAndReadValuesEqualTheOracleBuilds(String opt, HookMode mode) throws Exception {
        List<String> advice = run(opt, mode, ACCESS);
        List<String> oracle = oracle(opt).stream().filter(l -> l.matches("(set|get) (balance|flags|total|level) .*"))
                .toList();
        assertEquals(byMember(oracle), byMember(advice));
        assertEquals(ARGS.length * 7, advice.size());
    }

    @ParameterizedTest
    @CsvSource({"O0,INT3", "O0,JUMP", "O2,INT3", "O2,JUMP"})
    void bitFieldValuesEqualTheOracleBuilds(String opt, HookMode mode) throws Exception {
        List<String> advice = run(opt, mode, BITS);
        List<String> oracle = oracle(opt).stream().filter(l -> l.matches("(set|get) (bits|mood|span) .*")).toList();
        assertEquals(byMember(oracle), byMember(advice));
        assertEquals(ARGS.length * 5, advice.size());
    }

    /**
     * At -O2 each compound assignment is one read-modify-write to memory (add, sub, 16-bit add/or/and/xor, a byte
     * add, a 64-bit sub): the advice naming klas_new runs after it, and its (old, new) pairs equal the oracle build's.
     */
    @ParameterizedTest
    @CsvSource({"O2,INT3", "O2,JUMP"})
    void oldAndNewAtReadModifyWritesEqualTheOracleBuild(String opt, HookMode mode) throws Exception {
        List<String> advice = run(opt, mode, RMW);
        List<String> oracle = oracle(opt).stream().filter(l -> l.matches("set (credit|mask|step|debt|hits) .*"))
                .toList();
        assertEquals(byMember(oracle), byMember(advice));
        assertEquals(ARGS.length * 10, advice.size());
    }

    /**
     * At -O2 flag_bits's {@code bits |= 4} is one or to the byte that holds the bit-field: the advice runs after it,
     * and the field's bits before and after equal the oracle build's "rmw bits" pairs.
     */
    @ParameterizedTest
    @CsvSource({"O2,INT3", "O2,JUMP"})
    void aBitFieldsOldAndNewAtAReadModifyWriteEqualTheOracleBuild(String opt, HookMode mode) throws Exception {
        List<String> advice = run(opt, mode, List.of("bits_new"));
        assertEquals(oracle(opt).stream().filter(l -> l.startsWith("rmw bits ")).toList(), advice);
        assertEquals(ARGS.length, advice.size());
    }

    @ParameterizedTest
    @CsvSource({"O0,INT3", "O0,JUMP", "O2,INT3", "O2,JUMP"})
    void theReturnValueIsTypedAsTheFunctionReturnsIt(String opt, HookMode mode) throws Exception {
        List<String> advice = run(opt, mode, List.of("total_return"));
        assertEquals(oracle(opt).stream().filter(l -> l.startsWith("ret ")).toList(), advice);
        assertEquals(ARGS.length, advice.size());
    }

    @ParameterizedTest
    @CsvSource({"O0,INT3", "O2,JUMP"})
    void theTargetIsTypedAsTheStructThePointcutNames(String opt, HookMode mode) throws Exception {
        List<String> advice = run(opt, mode, List.of("target_balance"));
        assertEquals(oracle(opt).stream().filter(l -> l.startsWith("set balance ")).toList(), advice);
        assertEquals(ARGS.length, advice.size());
    }

    /**
     * The lines of each member in order: at -O2 gcc orders mark's two stores (flags, total) otherwise than the
     * oracle build, whose printf calls fix the source order; the values of one member keep their order.
     */
    static Map<String, List<String>> byMember(List<String> lines) {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        lines.forEach(l -> out.computeIfAbsent(l.replaceAll("^(\\w+ \\w+) .*", "$1"), k -> new ArrayList<>()).add(l));
        return out;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "O0|bump_new|klas_old|at the hook bump+0xc (values.c:37): klas_old is given at a write, and the hook's"
                    + " instruction only reads",
            "O0|rmw_credit|klas_new|at the hook earn+0xf (values.c:58): klas_new is given at a write, and the hook's"
                    + " instruction only reads",
            "O0|bits_new|klas_new|klas_new is given at a write, and the hook's instruction only reads",
            "O2|get_new|klas_new|klas_new is given at a write, and the hook's instruction only reads the member",
            "O2|entry_value|klas_value|the hook is not access-precise",
            "O0|touch_return|klas_retval|klas_retval: touch returns void",
            "O2|target_nosuch|->nosuch|'struct acct' has no member named 'nosuch'"})
    void aValueThatCannotBeKnownRefusesTheWeaveAtItsPosition(String opt, String aspect, String name, String reason)
            throws Exception {
        Path out = tmp.resolve("w");
        WeaveException e = assertThrows(WeaveException.class, () -> SAMPLE.weave(out,
                SAMPLE.file("values-user-" + opt), HookMode.INT3, List.of(SAMPLE.aspect(aspect))));
        assertEquals(WeaveException.Kind.INVALID_INPUT, e.kind());
        List<String> lines = Files.readAllLines(SAMPLE.aspect(aspect));
        int line = 0;
        while (!lines.get(line).contains(name + ")") && !lines.get(line).contains(name + ",")
                && !lines.get(line).contains(name + ";") && !lines.get(line).contains(name + "->")) {
            line++;
        }
        String at = SAMPLE.aspect(aspect) + ":" + (line + 1) + ":" + (lines.get(line).indexOf(name) + 1) + ": error: ";
        assertTrue(e.getMessage().contains(at) && e.getMessage().contains(reason),
                e.getMessage() + "\nwanted: " + at + " ... " + reason);
        assertFalse(Files.exists(out), "nothing written");
    }

    List<String> run(String opt, HookMode mode, List<String> aspects) throws Exception {
        Path out = tmp.resolve("w-" + opt + mode + aspects.size());
        WeaveReport report = SAMPLE.weave(out, SAMPLE.file("values-user-" + opt), mode,
                aspects.stream().map(SAMPLE::aspect).toList());
        assertEquals(List.of(), report.refused(), String.join("\n", report.hooks()));
        Path log = tmp.resolve("advice-" + opt + mode + ".log");
        List<String> cmd = new ArrayList<>(List.of(SAMPLE.file("values-user-" + opt).toString()));
        cmd.addAll(List.of(ARGS));
        Proc p = Proc.run(tmp, Map.of("LD_PRELOAD", Woven.open(out).library().toString(), "KLAS_OUT",
                log.toString()), cmd).ok();
        assertEquals("", p.err());
        return Files.readAllLines(log);
    }

    /** What the oracle build prints, without klas. */
    List<String> oracle(String opt) {
        List<String> cmd = new ArrayList<>(List.of(SAMPLE.file("values-user-" + opt + "-oracle").toString()));
        cmd.addAll(List.of(ARGS));
        return Proc.run(tmp, Map.of(), cmd).ok().out().lines().toList();
    }
}
