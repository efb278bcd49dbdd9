package dev.klas.advice.kprobes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.AdviceRequest;
import dev.klas.advice.Aspects;
import dev.klas.advice.Hook;
import dev.klas.advice.HookPlanner;
import dev.klas.advice.KernelMbufSample;
import dev.klas.advice.MbufPlan;
import dev.klas.advice.Modinfo;
import dev.klas.advice.PlacedObject;
import dev.klas.advice.Repo;
import dev.klas.advice.Target;
import dev.klas.advice.testbed.VmRun;
import dev.klas.resolve.joinpoint.Binary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live hit counts of a kprobes advice module on two CPUs: kernel-mbuf runs on CPU 0 and CPU 1 at once under the
 * advice module of hits-aspects.xml (quiet advice); /sys/kernel/debug/klas/MODULE/hits, read while the runs go on and
 * after, never goes down and ends equal to the module's own counters, hook by hook summed per aspect; a reset starts
 * from zero; an aspect switched off keeps its hook hits but not its runs; rmmod removes the file.
 */
class KernelHitsVmHeavyTest {
    private static final String ADVICE = "klas_hits_advice";
    private static final int RUNS = 3000;

    @TempDir
    Path work;

    @Test
    void debugfsCountsAreExactOnTwoCpus() throws Exception {
        Assumptions.assumeTrue(Repo.heavy(), "heavy: builds modules and boots a VM (-Dklas.heavy=true)");
        Path ko = KernelMbufSample.build(work);
        String release = Modinfo.release(ko);
        HookPlanner.Plan plan = HookPlanner.plan(new Binary(PlacedObject.open(ko)), MbufPlan.places());
        assertEquals(List.of(), plan.unresolved());
        AdviceRequest request = new AdviceRequest(ADVICE, Target.kernelModule("kernel-mbuf", release),
                Aspects.load("hits-aspects.xml", work), plan.hooks());
        Path dir = work.resolve(ADVICE);
        KprobesGenerator.generate(request, dir);
        KbuildResult built = Kbuild.build(dir, Kbuild.kdir(release), ADVICE);
        assertTrue(built.built(), built.log());
        Path script = work.resolve("script.sh");
        Files.writeString(script, script());
        VmRun v = VmRun.clean("kernel-hits-vm", Duration.ofSeconds(480), "--smp", "2", "--modules",
                ko + "," + built.module().orElseThrow(), "--script", script.toString(), "--timeout", "400");
        String log = v.log();
        check(v, plan.hooks());
    }

    private static String script() {
        return """
                set -e
                P=/proc/kernel-mbuf
                H=/sys/kernel/debug/klas/%1$s/hits
                echo "== cpus $(nproc)"
                taskset 1 sh -c "echo 'run %2$d' > $P" &
                A=$!
                taskset 2 sh -c "echo 'run %2$d' > $P" &
                B=$!
                echo "== live1"; cat $H
                echo "== live2"; cat $H
                wait $A; wait $B
                echo "== both"; cat $P
                echo "== final"; cat $H
                echo reset > $H
                echo "== after-reset"; cat $H
                echo 0 > /sys/module/%1$s/parameters/fp_call_read
                echo reset > $P
                echo "run 3" > $P
                echo "== off"; cat $P
                echo "== off-hits"; cat $H
                echo "== bogus"
                if echo bogus > $H; then echo "a bogus write was taken"; exit 1; fi
                rmmod %1$s
                if [ -e $H ]; then echo "the hits file outlived rmmod"; exit 1; fi
                echo "== gone"
                """.formatted(ADVICE, RUNS);
    }

    /** The hits file printed after {@code == label}: per hook {hits}, per aspect {runs, returns, on}. */
    record Read(boolean reset, List<Long> hooks, Map<Integer, List<String>> advices, Map<String, long[]> aspects) {
        static Read of(List<String> script, String label) {
            return of(script, label, ADVICE);
        }

        static Read of(List<String> script, String label, String module) {
            boolean in = false, reset = false, header = false;
            List<Long> hooks = new ArrayList<>();
            Map<Integer, List<String>> advices = new HashMap<>();
            Map<String, long[]> aspects = new HashMap<>();
            for (String line : script) {
                if (line.startsWith("== ")) {
                    in = line.equals("== " + label);
                    continue;
                }
                String[] f = line.split("\t");
                if (!in) {
                    continue;
                }
                switch (f[0]) {
                    case "klas-hits" -> {
                        header = f[1].equals("1") && f[2].equals(module);
                        reset = f[3].equals("reset");
                    }
                    case "hook" -> {
                        assertEquals(hooks.size(), Integer.parseInt(f[1]), line);
                        hooks.add(Long.parseLong(f[2]));
                    }
                    case "advice" -> advices.computeIfAbsent(Integer.parseInt(f[1]), k -> new ArrayList<>()).add(f[2]);
                    case "aspect" -> aspects.put(f[2], new long[] {Long.parseLong(f[3]), Long.parseLong(f[4]),
                            Long.parseLong(f[5])});
                    default -> throw new AssertionError("unexpected line after == " + label + ": " + line);
                }
            }
            assertTrue(header, "no klas-hits header after == " + label + ": " + script);
            return new Read(reset, hooks, advices, aspects);
        }

        long hitsOf(String aspect) {
            long sum = 0;
            for (int i = 0; i < hooks.size(); i++) {
                if (advices.getOrDefault(i, List.of()).contains(aspect)) {
                    sum += hooks.get(i);
                }
            }
            return sum;
        }
    }

    private static void check(VmRun log, List<Hook> hooks) {
        assertTrue(log.script().contains("== cpus 2"), "two CPUs: " + log.script());
        Read live1 = Read.of(log.script(), "live1"), live2 = Read.of(log.script(), "live2");
        Read fin = Read.of(log.script(), "final");
        assertEquals(hooks.size(), fin.hooks().size());
        for (int i = 0; i < hooks.size(); i++) {
            assertTrue(live1.hooks().get(i) <= live2.hooks().get(i) && live2.hooks().get(i) <= fin.hooks().get(i),
                    "hook " + i + " went down: " + live1.hooks().get(i) + ", " + live2.hooks().get(i) + ", "
                    + fin.hooks().get(i));
            assertEquals(hooks.get(i).aspects(), fin.advices().get(i), "hook " + i + "'s aspects");
        }
        Map<String, Long> both = log.counts("both");
        Map<String, Long> off = log.counts("off");
        for (String aspect : List.of("log_reset_len", "fp_call_read", "call_m_free", "execution_m_get", "set_m_flags")) {
            assertTrue(both.get(aspect) >= 2 * RUNS, aspect + " happens in every run: " + both);
            assertEquals(both.get(aspect), fin.hitsOf(aspect), aspect + ": hook hits equal the module's count");
            assertEquals(both.get(aspect), fin.aspects().get(aspect)[0], aspect + ": runs equal the module's count");
            assertEquals(0, Read.of(log.script(), "after-reset").hitsOf(aspect), aspect + " after reset");
            Read offHits = Read.of(log.script(), "off-hits");
            assertTrue(offHits.reset());
            assertEquals(off.get(aspect), offHits.hitsOf(aspect), aspect + ": hooks fire while switched off");
            assertEquals(aspect.equals("fp_call_read") ? 0 : off.get(aspect), offHits.aspects().get(aspect)[0],
                    aspect + ": runs while fp_call_read is off");
            assertEquals(aspect.equals("fp_call_read") ? 0 : 1, offHits.aspects().get(aspect)[2]);
        }
        assertEquals(both.get("execution_m_get"), fin.aspects().get("execution_m_get")[1], "returns");
        assertTrue(log.script().contains("== gone"), "the script ran to its end: " + log.script());
        Pattern unload = Pattern.compile("^" + ADVICE + ": hook (\\d+) .* hits (\\d+)$");
        long atUnload = 0;
        for (String l : log.dmesg()) {
            Matcher m = unload.matcher(l);
            if (m.matches()) {
                atUnload += Long.parseLong(m.group(2));
            }
        }
        long all = both.values().stream().mapToLong(Long::longValue).sum() - both.get("set_m_len")
                + off.values().stream().mapToLong(Long::longValue).sum() - off.get("set_m_len");
        assertEquals(all, atUnload, "the hits printed at rmmod count since load, resets aside");
    }
}
