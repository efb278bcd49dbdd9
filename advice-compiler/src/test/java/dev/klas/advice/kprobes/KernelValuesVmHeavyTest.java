package dev.klas.advice.kprobes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.Aspects;
import dev.klas.advice.Diagnostic;
import dev.klas.advice.GenerationException;
import dev.klas.advice.HookPlanner;
import dev.klas.advice.KernelMbufSample;
import dev.klas.advice.MbufPlan;
import dev.klas.advice.Modinfo;
import dev.klas.advice.PlacedObject;
import dev.klas.advice.Repo;
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
 * klas_value, klas_old and klas_new on linux-kprobes, in Debian's cloud kernel under QEMU, at every write of
 * kernel-mbuf's m_len and m_flags and at m_length's reads of m_len: plain stores of an immediate (m_get) and of a
 * register (m_append, %r12d: pt_regs by the instruction's register number), and two read-modify-writes (m_adj's
 * {@code sub %r12d,0x8(%rbp)}, m_setflag's {@code orl $1,0xc(%rdi)}) whose advice runs in the post_handler. The
 * oracles: the lengths kmbuf_run's code appends (41, then 10) and reads back (16 of the first mbuf), and the total
 * the module itself prints, which is m_length's sum plus what m_read took: the sum of the advice's klas_value at
 * m_length plus klas_old - klas_new at m_adj.
 */
class KernelValuesVmHeavyTest {
    private static final String ADVICE = "klas_values_advice";
    private static final int RUNS = 3;

    @TempDir
    Path work;

    @Test
    void theAdvicesValuesAreTheModulesOwn() throws Exception {
        Assumptions.assumeTrue(Repo.heavy(), "heavy: builds modules and boots a VM (-Dklas.heavy=true)");
        Path ko = KernelMbufSample.build(work);
        String release = Modinfo.release(ko);
        Binary binary = new Binary(PlacedObject.open(ko));
        refusals(binary);

        List<Aspect> aspects = Aspects.load("values-aspects.xml", work);
        MbufAdviceRun.Generated generated = MbufAdviceRun.generate(work, binary, release, ADVICE, aspects, places());
        HookPlanner.Plan plan = generated.plan();
        Path dir = generated.dir();
        String c = generated.c();
        assertEquals(2, c.split("\\.post_handler = klas_post_", -1).length - 1, "two read-modify-writes:\n" + c);
        assertTrue(c.contains("((uint64_t)klas_regs->r12)"), "m_append stores %r12d");
        Path module = MbufAdviceRun.build(dir, release, ADVICE);
        VmRun log = MbufAdviceRun.run(work, "kernel-values-vm", ko, module, ADVICE, "run " + RUNS);
        check(log.phase("run"));
    }

    /** Every write of m_len and m_flags the sample marks, and the read of m_len in m_length. */
    private static Map<String, List<SourcePlace>> places() throws Exception {
        Map<String, List<SourcePlace>> out = new LinkedHashMap<>();
        for (String aspect : List.of("len_set", "flags_set", "len_get")) {
            out.put(aspect, new ArrayList<>());
        }
        for (KernelMbufSample.Expectation e : KernelMbufSample.expectations()) {
            boolean write = e.kind().equals("set") || e.kind().equals("rw");
            if (write && e.member().equals("m_len")) {
                out.get("len_set").add(e.place());
            } else if (write && e.member().equals("m_flags")) {
                out.get("flags_set").add(e.place());
            } else if (e.kind().equals("get") && e.member().equals("m_len") && Files.readAllLines(
                    KernelMbufSample.dir().resolve(e.file())).get(e.line() - 1).contains("total += m->m_len")) {
                out.get("len_get").add(e.place());
            }
        }
        assertEquals(List.of(3, 2, 1), out.values().stream().map(List::size).toList(), out.toString());
        return out;
    }

    /** klas_value at a write and klas_new at a function's entry: refused at the name, nothing generated. */
    private static void refusals(Binary binary) throws Exception {
        List<Aspect> aspects = Aspects.load("values-refused.xml", binary.elf().path().getParent());
        Path file = binary.elf().path().getParent().resolve("values-refused.xml");
        Map<String, List<SourcePlace>> places = new LinkedHashMap<>();
        places.put("value_at_write", List.of(KernelMbufSample.expectations().stream()
                .filter(e -> e.kind().equals("set") && e.member().equals("m_len") && e.file().equals("mbuf.c"))
                .findFirst().orElseThrow().place()));
        places.put("new_at_entry", List.of(MbufPlan.function("mbuf.c", "m_length")));
        HookPlanner.Plan plan = HookPlanner.plan(binary, places);
        GenerationException e = assertThrows(GenerationException.class, () -> AdviceVariables.ofKernel(binary,
                plan.hooks(), aspects, KernelRegisters.of(binary)));
        assertEquals(2, e.diagnostics().size(), e.diagnostics().toString());
        for (Diagnostic d : e.diagnostics()) {
            String name = d.message().startsWith("klas_value") ? "klas_value" : "klas_new";
            int[] at = Aspects.position(file, name + ")");
            assertEquals(at[0] + ":" + at[1], d.position().line() + ":" + d.position().column(), d.toString());
            assertTrue(name.equals("klas_value") ? d.message().contains("use klas_old and klas_new")
                    : d.message().contains("not access-precise"), d.toString());
        }
    }

    private static void check(List<String> run) {
        Pattern value = Pattern.compile("^klas (len_set|flags_set|len_get): (\\S+) (?:old (-?\\d+) new|value)"
                + " (-?\\d+)$");
        List<String> seen = new ArrayList<>();
        long sum = 0;
        for (String l : run) {
            Matcher m = value.matcher(l);
            if (!m.matches()) {
                continue;
            }
            boolean fresh = m.group(2).equals("m_get");
            seen.add(m.group(1) + " " + m.group(2) + " " + (m.group(3) == null ? "" : fresh ? "? " : m.group(3) + " ")
                    + m.group(4));
            if (m.group(1).equals("len_get")) {
                sum += Long.parseLong(m.group(4));
            } else if (m.group(2).equals("m_adj")) {
                sum += Long.parseLong(m.group(3)) - Long.parseLong(m.group(4));
            }
        }
        List<String> iteration = List.of(
                "flags_set m_get ? 0", "len_set m_get ? 0", "flags_set m_get ? 0", "len_set m_get ? 0",
                "len_set m_append 0 41", "flags_set m_setflag 0 1", "len_set m_append 0 10",
                "flags_set m_setflag 0 1", "len_get m_length 41", "len_get m_length 10", "len_set m_adj 41 25");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            expected.addAll(iteration);
        }
        assertEquals(expected, seen, "each iteration: two m_get, appends of 41 and 10 bytes to empty mbufs, each"
                + " setting M_EXT, m_length reading them, m_read taking 16 of the first");
        Matcher ran = run.stream().map(Pattern.compile("^kernel-mbuf: ran (\\d+) iterations, total (\\d+),.*")::matcher)
                .filter(Matcher::matches).findFirst().orElseThrow(() -> new AssertionError("no total in " + run));
        assertEquals(String.valueOf(RUNS), ran.group(1));
        assertEquals(Long.parseLong(ran.group(2)), sum, "the module's total is m_length's values plus what m_adj took");
    }
}
