package dev.klas.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * gdb in batch mode as the oracle, on the same binaries: stopped at the address of each hook klas placed, it prints
 * the variables the advice reads by name ({@code $amount}, {@code $a->balance}) and the stored value; at the
 * function's return ({@code finish}) the value gdb reports is the advice's typed {@code klas_retval}.
 */
class ValuesGdbTest {
    static final SampleBuild SAMPLE = ValuesTest.SAMPLE;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"O0,INT3", "O2,JUMP"})
    void variablesAtTheHookEqualWhatGdbPrintsThere(String opt, HookMode mode) throws Exception {
        /* At the store gdb's amount is the value stored: the oracle of klas_new is the parameter itself. */
        atTheOneHook(opt, mode, "deposit_vars",
                "\"gdb amount=%d balance=%d new=%d\\n\", amount, a->balance, amount");
    }

    /**
     * Weaves {@code aspect} (one hook) into values-user at {@code opt}, runs it, and runs it under gdb printing
     * {@code printf} at the hook's address; asserts the advice's lines equal gdb's, one per call; returns them.
     */
    private List<String> atTheOneHook(String opt, HookMode mode, String aspect, String printf) throws Exception {
        gdbInstalled();
        Path out = tmp.resolve("w");
        WeaveReport report = SAMPLE.weave(out, SAMPLE.file("values-user-" + opt), mode,
                List.of(SAMPLE.aspect(aspect)));
        assertEquals(1, report.rows().size(), report.hooks().toString());
        List<String> advice = advice(opt, out);
        List<String> gdb = gdb(opt, List.of("break *" + report.rows().get(0).location(), "commands", "silent",
                "printf " + printf, "continue", "end", "run"), "gdb ");
        assertEquals(gdb, advice);
        assertEquals(ValuesTest.ARGS.length, advice.size());
        return advice;
    }

    /**
     * Bit-fields through a pointer ({@code $a->bits}, {@code $a->mood}, {@code $a->span}: unsigned, signed, signed
     * across two bytes), read by C through the struct klas declares from DWARF: gdb stopped at the same address
     * prints the same values.
     */
    @ParameterizedTest
    @CsvSource({"O0,INT3", "O2,JUMP"})
    void bitFieldsThroughAPointerEqualWhatGdbPrintsThere(String opt, HookMode mode) throws Exception {
        List<String> advice = atTheOneHook(opt, mode, "bits_vars",
                "\"gdb bits=%d mood=%d span=%d\\n\", a->bits, a->mood, a->span");
        assertTrue(advice.stream().anyMatch(l -> l.matches(".*span=-\\d+")), "a negative span: " + advice);
    }

    @ParameterizedTest
    @CsvSource({"O0,INT3", "O2,INT3", "O2,JUMP"})
    void theReturnValueEqualsWhatGdbFinishReports(String opt, HookMode mode) throws Exception {
        gdbInstalled();
        Path out = tmp.resolve("w");
        SAMPLE.weave(out, SAMPLE.file("values-user-" + opt), mode, List.of(SAMPLE.aspect("total_return")));
        List<String> advice = advice(opt, out);
        List<String> commands = new ArrayList<>(List.of("break total_of", "run"));
        for (int i = 0; i < ValuesTest.ARGS.length; i++) {
            commands.addAll(List.of("finish", "continue"));
        }
        Matcher m = Pattern.compile("(?m)^Value returned is \\$\\d+ = (-?\\d+)$").matcher(String.join("\n",
                gdb(opt, commands, "")));
        List<String> gdb = new ArrayList<>();
        while (m.find()) {
            gdb.add("ret total_of=" + m.group(1));
        }
        assertEquals(gdb, advice);
        assertEquals(ValuesTest.ARGS.length, advice.size());
    }

    /**
     * A hardware watchpoint on each member (gdb stops after the instruction that wrote it and prints "Old value" and
     * "New value" when the value changed): its pairs equal the advice's at the read-modify-writes, less the writes
     * that left the value as it was (gdb does not stop there).
     */
    @ParameterizedTest
    @CsvSource({"O2,INT3", "O2,JUMP"})
    void oldAndNewAtReadModifyWritesEqualWhatGdbWatchpointsReport(String opt, HookMode mode) throws Exception {
        gdbInstalled();
        Path out = tmp.resolve("w");
        SAMPLE.weave(out, SAMPLE.file("values-user-" + opt), mode,
                List.of(SAMPLE.aspect("rmw_credit"), SAMPLE.aspect("rmw_mask")));
        List<String> advice = advice(opt, out).stream().filter(l -> !l.matches("set \\w+ old=(\\S+) new=\\1"))
                .toList();
        List<String> commands = new ArrayList<>(List.of("break main", "run", "watch -l account.credit",
                "watch -l account.mask"));
        for (int i = 0; i < 100; i++) {
            commands.add("continue");
        }
        Matcher m = Pattern.compile("(?m)^Hardware watchpoint \\d+: -location account\\.(\\w+)\\n\\nOld value = (-?\\d+)"
                + "\\nNew value = (-?\\d+)$").matcher(String.join("\n", gdb(opt, commands, "")));
        List<String> gdb = new ArrayList<>();
        while (m.find()) {
            gdb.add("set " + m.group(1) + " old=" + m.group(2) + " new=" + m.group(3));
        }
        assertEquals(ValuesTest.byMember(gdb), ValuesTest.byMember(advice));
        assertTrue(gdb.size() >= ValuesTest.ARGS.length * 4, gdb.toString());
    }

    private static void gdbInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/gdb")), "gdb is not installed");
    }

    private List<String> advice(String opt, Path out) throws Exception {
        Path log = tmp.resolve("advice.log");
        List<String> cmd = new ArrayList<>(List.of(SAMPLE.file("values-user-" + opt).toString()));
        cmd.addAll(List.of(ValuesTest.ARGS));
        Proc.run(tmp, Map.of("LD_PRELOAD", Woven.open(out).library().toString(), "KLAS_OUT", log.toString()), cmd)
                .ok();
        return Files.readAllLines(log);
    }

    /** gdb -batch on the plain build with the sample's arguments; its output lines starting with {@code prefix}. */
    private List<String> gdb(String opt, List<String> commands, String prefix) throws Exception {
        Path script = tmp.resolve("gdb.cmd");
        List<String> all = new ArrayList<>(List.of("set pagination off", "set confirm off",
                "set debuginfod enabled off", "set args " + String.join(" ", ValuesTest.ARGS)));
        all.addAll(commands);
        Files.write(script, all);
        Proc p = Proc.run(tmp, Map.of(), List.of("gdb", "-nx", "-batch", "-x", script.toString(),
                SAMPLE.file("values-user-" + opt).toString()));
        List<String> lines = p.out().lines().filter(l -> l.startsWith(prefix)).toList();
        assertTrue(!lines.isEmpty(), p.out() + p.err());
        return lines;
    }
}
