package dev.klas.advice.kprobes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.AdviceRequest;
import dev.klas.advice.Aspects;
import dev.klas.advice.Diagnostic;
import dev.klas.advice.GenerationException;
import dev.klas.advice.HookPlanner;
import dev.klas.advice.KernelMbufSample;
import dev.klas.advice.MbufPlan;
import dev.klas.advice.Modinfo;
import dev.klas.advice.PlacedObject;
import dev.klas.advice.Repo;
import dev.klas.advice.Target;
import dev.klas.advice.testbed.VmRun;
import dev.klas.advice.vars.AdviceVariables;
import dev.klas.advice.vars.KernelRegisters;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.resolve.joinpoint.SourcePlace;
import dev.klas.schema.Aspect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * $name on linux-kprobes, in Debian's cloud kernel under QEMU: the advice reads kernel-mbuf's variables where DWARF
 * puts them (pt_regs, the stack through the CFA, memory through copy_from_kernel_nofault) and prints values whose
 * truth comes from elsewhere: the iteration count the script writes (and the module prints), the mbuf addresses the
 * module prints, the length m_length itself returns, the lengths the module's code appends. A chain that runs into
 * NULL reads 0, sets klas_faulted and is counted, and no oops. Indexed chains are refused at the name's position
 * (a module's globals: KernelModuleVariablesVmHeavyTest).
 */
class KernelVariablesVmHeavyTest {
    private static final String ADVICE = "klas_vars_advice";

    @TempDir
    Path work;

    @Test
    void adviceSeesTheValuesTheModuleAndTheScriptKnow() throws Exception {
        Assumptions.assumeTrue(Repo.heavy(), "heavy: builds modules and boots a VM (-Dklas.heavy=true)");
        Path ko = KernelMbufSample.build(work);
        String release = Modinfo.release(ko);
        Binary binary = new Binary(PlacedObject.open(ko));
        refusals(binary);

        List<Aspect> aspects = Aspects.load("vars-aspects.xml", work);
        MbufAdviceRun.Generated generated = MbufAdviceRun.generate(work, binary, release, ADVICE, aspects, places());
        HookPlanner.Plan plan = generated.plan();
        Path dir = generated.dir();
        String c = generated.c();
        assertTrue(c.contains("KLAS_MEMBER(KLAS_MEMBER($m->m_hdr.mh_next)->m_hdr.mh_len)"), "chains read step by step");
        Path module = MbufAdviceRun.build(dir, release, ADVICE);
        VmRun log = MbufAdviceRun.run(work, "kernel-vars-vm", ko, module, ADVICE, "run 3 v", "run 7");
        check(log.phase("run"), log.phase("rmmod"), plan);
    }

    /** m_length's and kmbuf_run's executions, and the write of m_len in m_append (where len and off live). */
    private static Map<String, List<SourcePlace>> places() throws Exception {
        Map<String, List<SourcePlace>> out = new LinkedHashMap<>();
        out.put("run_n", List.of(MbufPlan.function("main.c", "kmbuf_run")));
        out.put("len_chain", List.of(MbufPlan.function("mbuf.c", "m_length")));
        List<SourcePlace> append = new ArrayList<>();
        for (KernelMbufSample.Expectation e : KernelMbufSample.expectations()) {
            if (e.kind().equals("set") && e.member().equals("m_len") && e.file().equals("mbuf.c")
                    && Files.readAllLines(KernelMbufSample.dir().resolve("mbuf.c")).get(e.line() - 1)
                    .contains("off + len")) {
                append.add(e.place());
            }
        }
        assertEquals(1, append.size(), "the write of m_len in m_append");
        out.put("append", append);
        return out;
    }

    private static void refusals(Binary binary) throws Exception {
        List<Aspect> aspects = Aspects.load("vars-refused.xml", binary.elf().path().getParent());
        Path file = binary.elf().path().getParent().resolve("vars-refused.xml");
        HookPlanner.Plan indexed = HookPlanner.plan(binary, Map.of("indexed_chain",
                List.of(MbufPlan.function("mbuf.c", "m_length"))));
        AdviceVariables vars = AdviceVariables.ofKernel(binary, indexed.hooks(), aspects,
                KernelRegisters.of(binary));
        GenerationException g = assertThrows(GenerationException.class, () -> KprobesGenerator.render(
                new AdviceRequest("klas_refused", Target.kernelModule("kernel-mbuf", "r"), aspects,
                        indexed.hooks()), vars));
        int[] idx = Aspects.position(file, "$m->m_dat[0]");
        assertEquals(idx[0], g.diagnostics().get(0).position().line(), g.diagnostics().toString());
        assertEquals(idx[1], g.diagnostics().get(0).position().column(), g.diagnostics().toString());
    }

    private static void check(List<String> run, List<String> unload, HookPlanner.Plan plan) {
        Pattern iterations = Pattern.compile("^klas run_n: iterations (\\d+) verbose (\\d)$");
        Pattern ran = Pattern.compile("^kernel-mbuf: ran (\\d+) iterations.*");
        assertEquals(List.of("3 1", "7 0"), groups(run, iterations, 1, 2), "$iterations, $verbose: what the script wrote");
        assertEquals(List.of("3", "7"), groups(run, ran, 1), "the module ran that many");

        List<String> mbufs = groups(run, Pattern.compile("^kernel-mbuf: mbuf ([0-9a-f]{16})$"), 1);
        assertEquals(6, mbufs.size(), "run 3 v prints two mbufs per iteration");
        Pattern before = Pattern.compile("^klas len_chain: m ([0-9a-f]{16}) len (\\d+) next ([0-9a-f]{16}) nlen (\\d+)"
                + " far (-?\\d+) faulted (\\d)$");
        Pattern after = Pattern.compile("^klas len_chain: returned (-?\\d+)$");
        List<Matcher> calls = run.stream().map(before::matcher).filter(Matcher::matches).toList();
        List<String> returns = groups(run, after, 1);
        assertEquals(10, calls.size(), "m_length runs once per iteration");
        assertEquals(10, returns.size());
        for (int i = 0; i < calls.size(); i++) {
            Matcher m = calls.get(i);
            long sum = Long.parseLong(m.group(2)) + Long.parseLong(m.group(4));
            assertEquals(Long.parseLong(returns.get(i)), sum, "$m->len + $m->next->len is what m_length returns");
            assertTrue(sum > 0);
            assertEquals("0", m.group(5), "the read through NULL gives 0");
            assertEquals("1", m.group(6), "klas_faulted tells the advice");
            if (i < 3) {
                assertEquals(mbufs.get(2 * i), m.group(1), "$m is the chain's first mbuf the module printed");
                assertEquals(mbufs.get(2 * i + 1), m.group(3), "$m->m_next is the second");
            }
        }
        List<String> appends = groups(run, Pattern.compile("^klas append: len (-?\\d+) old (-?\\d+)$"), 1, 2);
        assertEquals(20, appends.size(), "two appends per iteration");
        for (int i = 0; i < appends.size(); i++) {
            assertEquals(i % 2 == 0 ? "41 0" : "10 0", appends.get(i),
                    "kmbuf_run appends sizeof(msg) = 41, then 10 bytes, each to an empty mbuf (m_len 0 before the store)");
        }
        int hook = -1;
        for (int i = 0; i < plan.hooks().size(); i++) {
            hook = plan.hooks().get(i).aspects().contains("len_chain") ? i : hook;
        }
        Pattern faults = Pattern.compile("^" + ADVICE + ": hook " + hook + " .* faults (\\d+)$");
        assertEquals(List.of("10"), groups(unload, faults, 1), "each NULL step counted at its hook");
    }

    private static List<String> groups(List<String> lines, Pattern p, int... groups) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            Matcher m = p.matcher(l);
            if (m.matches()) {
                List<String> g = new ArrayList<>();
                for (int i : groups) {
                    g.add(m.group(i));
                }
                out.add(String.join(" ", g));
            }
        }
        return out;
    }
}
