package dev.klas.advice.bpf;

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
import dev.klas.advice.testbed.LoaderScript;
import dev.klas.advice.testbed.VmRun;
import dev.klas.advice.kprobes.Kbuild;
import dev.klas.advice.kprobes.KbuildResult;
import dev.klas.advice.kprobes.KprobesGenerator;
import dev.klas.advice.kprobes.Safety;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.schema.Aspect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kernel-mbuf woven twice in one VM boot, through linux-kprobes and through linux-bpf, on the same workload: the BPF
 * loader's hit count of every hook equals the kprobes module's, both equal what the module itself counts, the
 * aspects' advice lines are the same in number, and the loader exits 0 after detaching.
 */
class BpfMbufVmHeavyTest {
    static final String KPROBES = "klas_mbuf_kp";
    static final String BPF = "klas_mbuf_bpf";
    static final String REFUSED = "klas_mbuf_refused";
    static final String WRONG = "klas_mbuf_wrong";
    static final List<String> ASPECTS = List.of("log_reset_len", "fp_call_read", "call_m_free", "execution_m_get",
            "set_m_flags");

    @TempDir
    Path work;

    @Test
    void bpfHitsEqualKprobesHitsOnTheSameWorkload() throws Exception {
        Assumptions.assumeTrue(Repo.heavy(), "heavy: builds modules and boots a VM (-Dklas.heavy=true)");
        Path ko = KernelMbufSample.build(work);
        String release = Modinfo.release(ko);
        List<Aspect> aspects = Aspects.load("mbuf-aspects.xml", work);
        Binary binary = new Binary(PlacedObject.open(ko));
        HookPlanner.Plan plan = HookPlanner.plan(binary, MbufPlan.places());
        assertEquals(List.of(), new Safety(binary).check(plan.hooks()));
        Target target = Target.kernelModule("kernel-mbuf", release);
        Path kp = kprobes(new AdviceRequest(KPROBES, target, aspects, plan.hooks()), release);
        Path loader = BpfLoaders.build(new AdviceRequest(BPF, target, aspects, plan.hooks()), release,
                work.resolve(BPF));
        Path wrong = BpfLoaders.build(new AdviceRequest(WRONG, target, aspects, withWrongByte(plan.hooks())), release,
                work.resolve(WRONG));
        Path rawXml = Aspects.copy("bpf-raw-deref.xml", work);
        List<Aspect> raw = dev.klas.schema.AspectLoader.load(rawXml);
        Path refused = BpfLoaders.build(new AdviceRequest(REFUSED, target, raw, HookPlanner.plan(binary,
                Map.of("raw_deref", List.of(MbufPlan.function("mbuf.c", "m_get")))).hooks()), release,
                work.resolve(REFUSED));

        Path script = work.resolve("script.sh");
        Files.writeString(script, """
                set -e
                P=/proc/kernel-mbuf
                echo "KLAS-PHASE kprobes" > /dev/kmsg
                insmod /test/%1$s.ko printk=1
                echo "run 3 v" > $P
                echo "== kprobes"; cat $P
                rmmod %1$s
                echo "KLAS-PHASE bpf" > /dev/kmsg
                echo reset > $P
                %3$s
                echo "run 3 v" > $P
                echo "== bpf"; cat $P
                %4$s
                rc=0; /test/%5$s --duration 5 > /test/refused.out 2>&1 || rc=$?
                echo "== refused"; cat /test/refused.out; echo "exit $rc"
                rc=0; /test/%6$s --duration 5 > /test/wrong.out 2>&1 || rc=$?
                echo "== wrong"; cat /test/wrong.out; echo "exit $rc"
                echo "== kprobes after"; cat /sys/kernel/debug/kprobes/list; echo "== end"
                """.formatted(KPROBES, BPF, LoaderScript.start(BPF, ""), LoaderScript.stop(BPF), REFUSED, WRONG));
        VmRun vmLog = VmRun.clean("bpf-mbuf-vm", Duration.ofSeconds(420), "--modules", ko.toString(), "--script",
                script.toString(), "--file", kp.toString(), "--file", loader.toString(), "--file", refused.toString(),
                "--file", wrong.toString(), "--timeout", "300");
        check(vmLog, plan.hooks());
        checkRefused(vmLog, rawXml);
        List<String> out = vmLog.section("wrong");
        String first = WRONG + ": hook " + plan.hooks().get(0).location() + " (";
        assertTrue(out.stream().anyMatch(l -> l.startsWith(first) && l.contains("the plan expects")
                && l.contains("not the code the plan was made for")), "the wrong byte is found: " + out);
        assertTrue(out.contains(WRONG + ": 1 of " + plan.hooks().size() + " hooks differ from the plan: no hook"
                + " attached, not loading") && out.contains("exit 3"), out.toString());
    }

    /** The same hooks, the plan of the first one with a known byte flipped. */
    private static List<Hook> withWrongByte(List<Hook> hooks) {
        List<Hook> out = new java.util.ArrayList<>(hooks);
        Hook h = hooks.get(0);
        List<Integer> bytes = new java.util.ArrayList<>(h.original().values());
        int k = bytes.indexOf(bytes.stream().filter(b -> b != dev.klas.advice.OriginalBytes.UNKNOWN).findFirst()
                .orElseThrow());
        bytes.set(k, bytes.get(k) ^ 0xff);
        out.set(0, new Hook(h.location(), new dev.klas.advice.OriginalBytes(bytes), h.place(), h.aspects(),
                h.access(), h.entry(), h.precision()));
        return out;
    }

    /** The verifier's refusal reported at the aspect's line, exit 4, and no kprobe left behind. */
    private static void checkRefused(VmRun log, Path xml) throws Exception {
        List<String> out = log.section("refused");
        int line = Aspects.position(xml, "*(long *)klas_regs->di")[0];
        String at = xml + ":" + line + ": error: the kernel's verifier refused this advice (program klas_hook_0): ";
        assertTrue(out.stream().anyMatch(l -> l.startsWith(at) && l.contains("invalid mem access")),
                "the refusal at " + xml.getFileName() + ":" + line + ": " + out);
        assertTrue(out.contains("exit 4"), out.toString());
        assertTrue(out.stream().noneMatch(l -> l.contains("hooks attached")), out.toString());
        assertEquals(List.of(), log.section("kprobes after"), "no kprobe left after the refused loader");
    }


    private Path kprobes(AdviceRequest request, String release) throws Exception {
        Path dir = work.resolve(request.moduleName());
        KprobesGenerator.generate(request, dir);
        KbuildResult r = Kbuild.build(dir, Kbuild.kdir(release), request.moduleName());
        assertTrue(r.built(), r.log());
        return r.module().orElseThrow();
    }

    private static void check(VmRun log, List<Hook> hooks) {
        Map<String, Long> kpCounts = log.counts("kprobes");
        Map<String, Long> bpfCounts = log.counts("bpf");
        assertEquals(kpCounts, bpfCounts, "the module counts the same workload twice");
        List<String> out = LoaderScript.output(log, BPF);
        assertTrue(out.contains(BPF + ": " + hooks.size() + " hooks attached in kernel_mbuf"), out.toString());
        assertTrue(out.contains("exit 0"), "the loader exits 0: " + out);
        List<String> kpLines = log.phase("kprobes");
        for (int i = 0; i < hooks.size(); i++) {
            long kpHits = hits(kpLines, KPROBES, i);
            long bpfHits = hits(out, BPF, i);
            assertEquals(kpHits, bpfHits, "hook " + i + " " + hooks.get(i).location() + ": bpf hits = kprobes hits");
        }
        for (String aspect : ASPECTS) {
            long sum = 0;
            for (int i = 0; i < hooks.size(); i++) {
                sum += hooks.get(i).aspects().contains(aspect) ? hits(out, BPF, i) : 0;
            }
            assertTrue(bpfCounts.get(aspect) > 0, aspect + " must happen in the sample");
            assertEquals(bpfCounts.get(aspect), sum, aspect + ": bpf hits = the module's count");
            assertEquals(advised(kpLines, aspect), advised(out, aspect), aspect + ": as many advice lines");
            assertEquals(bpfCounts.get(aspect), advised(out, aspect), aspect + ": one advice line per hit");
        }
        Pattern mbuf = Pattern.compile("^kernel-mbuf: mbuf ([0-9a-f]{16})$");
        List<String> mbufs = log.phase("bpf").stream().map(mbuf::matcher).filter(Matcher::matches)
                .map(m -> m.group(1)).toList();
        Pattern target = Pattern.compile("^klas (?:log_reset_len: \\d+ m_len target|set_m_flags: m_flags written in"
                + " \\w+, mbuf) ([0-9a-f]{16})$");
        long precise = out.stream().map(target::matcher).filter(Matcher::matches).map(m -> m.group(1))
                .filter(t -> !t.equals("0000000000000000")).peek(t -> assertTrue(mbufs.contains(t),
                        "klas_target " + t + " is no mbuf of " + mbufs)).count();
        assertTrue(precise > 0 && mbufs.size() >= 2, "access-precise hooks printed klas_target: " + out);
        String leave = "klas execution_m_get: leave m_get";
        assertEquals(bpfCounts.get("execution_m_get"), out.stream().filter(leave::equals).count(), "after-advice");
        assertTrue(out.stream().anyMatch(l -> l.matches("klas fp_call_read: fo_read called from \\w+ \\(pid \\d+,"
                + " sh\\)")), "klas_jp->function, klas_pid, klas_comm: " + out);
    }

    static long hits(List<String> lines, String name, int hook) {
        Pattern p = Pattern.compile("^" + name + ": hook " + hook + " .* hits (\\d+)$");
        return lines.stream().map(p::matcher).filter(Matcher::matches).mapToLong(m -> Long.parseLong(m.group(1)))
                .reduce((a, b) -> {
                    throw new AssertionError("two hit lines for hook " + hook);
                }).orElseThrow(() -> new AssertionError("no hit line for " + name + " hook " + hook + " in " + lines));
    }

    private static long advised(List<String> lines, String aspect) {
        return lines.stream().filter(l -> l.startsWith("klas " + aspect + ": ") && !l.contains(": leave ")).count();
    }
}
