package dev.klas.advice.kprobes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.Aspects;
import dev.klas.advice.HookPlanner;
import dev.klas.advice.KernelMbufSample;
import dev.klas.advice.MbufPlan;
import dev.klas.advice.Modinfo;
import dev.klas.advice.Oracles;
import dev.klas.advice.PlacedObject;
import dev.klas.advice.Repo;
import dev.klas.advice.testbed.VmRun;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.resolve.joinpoint.SourcePlace;
import dev.klas.schema.AspectLoader;
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
 * The typed advice context on linux-kprobes with kernel-mbuf: klas_target is {@code struct mbuf *}, defined by the
 * module's own mbuf.h, included by the path DWARF gives (oracle: pahole --show_decl_info), also included by the
 * aspect itself; klas_retval has each function's return type (oracle: pfunct --prototypes). In the test bed
 * (after the generated C is checked), the advice's {@code klas_target->m_len} equals klas_old at m_append's store,
 * {@code m_data == m_dat} through the typed pointer and through m_get's typed return value, and kmbuf_run's
 * klas_retval equals the total the module prints.
 */
class KernelTypedContextVmHeavyTest {
    private static final String ADVICE = "klas_typed_advice";
    private static final int RUNS = 2;

    @TempDir
    Path work;

    @Test
    void theContextIsTypedAsTheKernelsDwarfSays() throws Exception {
        Assumptions.assumeTrue(Repo.heavy(), "heavy: builds modules and boots a VM (-Dklas.heavy=true)");
        Path ko = KernelMbufSample.build(work);
        String release = Modinfo.release(ko);
        Binary binary = new Binary(PlacedObject.open(ko));

        Matcher decl = Pattern.compile("/\\* <\\w+> (\\S+):\\d+ \\*/").matcher(Oracles.run("pahole",
                "--show_decl_info", "-C", "mbuf", ko.toString()));
        assertTrue(decl.find(), "pahole names mbuf's declaration");
        Path header = ko.getParent().resolve(decl.group(1)).normalize();
        assertTrue(Files.isRegularFile(header), header.toString());
        Path file = work.resolve("typed-aspects.xml");
        Files.writeString(file, new String(Aspects.class.getResourceAsStream("kprobes/typed-aspects.xml")
                .readAllBytes()).replace("KMBUF_H_PATH", header.toString()));
        List<Aspect> aspects = AspectLoader.load(file);
        MbufAdviceRun.Generated generated = MbufAdviceRun.generate(work, binary, release, ADVICE, aspects, places());
        HookPlanner.Plan plan = generated.plan();
        Path dir = generated.dir();
        String c = generated.c();
        assertTrue(c.contains("#include \"" + header + "\"\t/* defines the struct klas_target points to */"),
                "mbuf.h included by the path pahole gives:\n" + c);
        assertTrue(c.contains("struct mbuf *klas_target __attribute__((unused)) = klas_target_in;"), c);
        String protos = Oracles.run("pfunct", "--prototypes", ko.toString());
        for (String fn : List.of("kmbuf_run", "m_append", "m_get")) {
            Matcher p = Pattern.compile("(?m)^(?:static )?(.+?)\\s*\\b" + fn + "\\(").matcher(protos);
            assertTrue(p.find(), fn + " in pfunct's prototypes:\n" + protos);
            String type = p.group(1).replaceAll("\\s*\\*\\s*$", " *").trim();
            assertTrue(c.contains("\t" + type + " klas_retval __attribute__((unused));"), fn + " returns " + type
                    + " (pfunct):\n" + c);
        }
        Path module = MbufAdviceRun.build(dir, release, ADVICE);
        Assumptions.assumeTrue(Boolean.parseBoolean(System.getProperty("klas.vm", "true")), "no VM (-Dklas.vm=false)");
        VmRun log = MbufAdviceRun.run(work, "kernel-typed-vm", ko, module, ADVICE, "run " + RUNS);
        check(log.phase("run"));
    }

    private static Map<String, List<SourcePlace>> places() throws Exception {
        Map<String, List<SourcePlace>> out = new LinkedHashMap<>();
        out.put("len_typed", KernelMbufSample.expectations().stream().filter(e -> e.kind().equals("set")
                && e.member().equals("m_len") && e.file().equals("mbuf.c")).filter(e -> {
                    try {
                        return Files.readAllLines(KernelMbufSample.dir().resolve(e.file())).get(e.line() - 1)
                                .contains("off + len");
                    } catch (java.io.IOException x) {
                        throw new java.io.UncheckedIOException(x);
                    }
                }).map(KernelMbufSample.Expectation::place).toList());
        assertEquals(1, out.get("len_typed").size());
        out.put("run_ret", List.of(MbufPlan.function("main.c", "kmbuf_run")));
        out.put("append_ret", List.of(MbufPlan.function("mbuf.c", "m_append")));
        out.put("get_ret", List.of(MbufPlan.function("mbuf.c", "m_get")));
        return out;
    }

    private static void check(List<String> run) {
        List<String> seen = new ArrayList<>();
        long total = -1;
        for (String l : run) {
            Matcher m = Pattern.compile("^klas (\\w+): (.*)$").matcher(l);
            if (!m.matches()) {
                continue;
            }
            if (m.group(1).equals("run_ret")) {
                Matcher t = Pattern.compile("kmbuf_run ret (-?\\d+) size 8").matcher(m.group(2));
                assertTrue(t.matches(), l);
                total = Long.parseLong(t.group(1));
            } else {
                seen.add(m.group(1) + ": " + m.group(2));
            }
        }
        List<String> iteration = List.of("get_ret: m_get dat 1", "get_ret: m_get dat 1",
                "len_typed: target 0 old 0 new 41 dat 1", "append_ret: m_append ret 41 size 4",
                "len_typed: target 0 old 0 new 10 dat 1", "append_ret: m_append ret 10 size 4");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            expected.addAll(iteration);
        }
        assertEquals(expected, seen, "each iteration: two m_get, appends of 41 and 10 bytes to empty mbufs");
        Matcher ran = run.stream().map(Pattern.compile("^kernel-mbuf: ran (\\d+) iterations, total (\\d+),.*")::matcher)
                .filter(Matcher::matches).findFirst().orElseThrow(() -> new AssertionError("no total in " + run));
        assertEquals(Long.parseLong(ran.group(2)), total, "kmbuf_run's klas_retval is the total the module prints");
    }
}
