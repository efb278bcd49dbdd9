package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.testbed.VmRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The linux-kprobes weave of a loadable module through the klas command, as a user runs it: samples/kernel-mbuf
 * built with testbed/build-module, its compile_commands.json from scripts/kbuild-compile-commands, {@code klas
 * extract}, {@code klas weave --target linux-kprobes --build} with the KLAS paper's aspect and an fp-call aspect,
 * then one VM boot with both modules. The oracle is the sample's own counters ({@code count NAME=N} from
 * /proc/kernel-mbuf, incremented next to each join point in the C source): every aspect's hook hits and advice runs,
 * printed at rmmod, equal them. samples/aspects/module_vars.xml reads the module's variables (a global, a static
 * whose name another file shares, an entry value): its lines equal what kmbuf_run passes and the module prints.
 */
class KernelModuleWeaveHeavyTest {
    private static final String ADVICE = "klas_cli_mbuf";
    private static final List<String> ASPECTS = List.of("log_reset_len", "fp_call_read");

    @Test
    void adviceRunsAsOftenAsTheModuleCounts(@TempDir Path work) throws Exception {
        KernelBed.requireHeavy("builds kernel modules and boots a VM");
        String release = KernelBed.release();
        Path kdir = KernelBed.kdir(release);
        Path repo = Run.repo();
        Path src = work.resolve("kernel-mbuf");
        Tools.run(repo, "cp", "-r", repo.resolve("samples/kernel-mbuf").toString(), src.toString());
        Tools.run(repo, repo.resolve("testbed/build-module").toString(), src.toString());
        Path ko = src.resolve("kernel-mbuf.ko");
        assertTrue(Files.isRegularFile(ko), "testbed/build-module made no " + ko);
        Path cc = src.resolve("compile_commands.json");
        Tools.run(repo, repo.resolve("scripts/kbuild-compile-commands").toString(), src.toString(), kdir.toString(),
                "-o", cc.toString());

        Path db = work.resolve("symbols.db");
        Run extract = Run.klas("extract", "--compile-commands", cc.toString(), "--root", src.toString(), "--db",
                db.toString());
        assertEquals(0, extract.exitCode(), extract.out() + extract.err());
        Path out = work.resolve("advice");
        Run weave = Run.klas("weave", "--target", "linux-kprobes", "--binary", ko.toString(), "--db", db.toString(),
                "--aspect", aspect("log_reset_len"), aspect("fp_call_read"), aspect("module_vars"), "--out",
                out.toString(), "--name", ADVICE, "--build", "--kdir", kdir.toString());
        assertEquals(0, weave.exitCode(), weave.out() + weave.err());
        Path advice = out.resolve(ADVICE + ".ko");
        assertTrue(Files.isRegularFile(advice), "klas weave --build made no " + advice + ":\n" + weave.out());
        WovenHooks woven = WovenHooks.parse(weave.out());

        VmRun vm = KernelBed.boot("kernel-mbuf-cli-vm", List.of(ko, advice), """
                set -e
                echo 1 > /sys/module/%s/parameters/printk
                echo "run 5" > /proc/kernel-mbuf
                cat /proc/kernel-mbuf
                rmmod %s
                """.formatted(ADVICE, ADVICE), work);
        assertEquals(0, vm.verdict(), "run-vm verdict (0: clean dmesg, both modules loaded):\n" + vm.log());
        assertEquals(List.of(), vm.kernelErrors(), "kernel errors in dmesg");
        Map<String, Long> counts = counts(vm.script());
        Map<String, Long> hits = vm.hits(ADVICE);
        assertEquals(woven.hooks().size(), hits.size(), "one unload line per woven hook: " + vm.dmesg());
        for (String aspect : ASPECTS) {
            long expected = counts.getOrDefault(aspect, -1L);
            assertTrue(expected > 0, aspect + " happens in the sample: " + counts);
            long sum = 0;
            for (WovenHooks.Hook h : woven.hooks()) {
                if (h.aspects().contains(aspect)) {
                    assertEquals(List.of(aspect), h.aspects(), "one aspect per hook in this sample");
                    sum += hits.get(h.location());
                }
            }
            assertEquals(expected, sum, aspect + ": hook hits at unload vs the module's count");
            assertEquals(expected, vm.runs(ADVICE, aspect).orElseThrow(() -> new AssertionError(
                    "no runs line for " + aspect + " in " + vm.dmesg())), aspect + ": advice runs at unload");
        }
        assertFalse(vm.dmesg().stream().anyMatch(l -> l.contains("not registered")), String.join("\n", vm.dmesg()));
        moduleVariables(vm.dmesg());
    }

    /**
     * samples/aspects/module_vars.xml: $tag (an entry value), $kmbuf_tag_sum (.data) and $calls (a static of mbuf.c,
     * fileops.c has one of that name) against what kmbuf_run passes and what the module prints after the run.
     */
    private static void moduleVariables(List<String> dmesg) {
        Matcher printed = dmesg.stream().map(Pattern.compile("^kernel-mbuf: vars tag_sum (\\d+) mbuf_calls (\\d+)"
                + " fileops_calls \\d+$")::matcher).filter(Matcher::matches).findFirst()
                .orElseThrow(() -> new AssertionError("the module's vars line: " + dmesg));
        List<String> advice = dmesg.stream().filter(l -> l.startsWith("klas module_vars: ")).toList();
        assertEquals(List.of("klas module_vars: tag 1 sum 1001 calls 0", "klas module_vars: tag 100 sum "
                + printed.group(1) + " calls " + printed.group(2)), advice, "kmbuf_run passes 1, then 100");
    }

    private static String aspect(String name) {
        return Run.repo().resolve("samples/aspects/" + name + ".xml").toString();
    }

    /** The sample's {@code count NAME=N} lines. */
    private static Map<String, Long> counts(List<String> script) {
        Map<String, Long> out = new HashMap<>();
        Pattern count = Pattern.compile("^count (\\w+)=(\\d+)$");
        for (String l : script) {
            Matcher m = count.matcher(l.trim());
            if (m.matches()) {
                out.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        assertFalse(out.isEmpty(), "no counts in the script output: " + script);
        return out;
    }
}
