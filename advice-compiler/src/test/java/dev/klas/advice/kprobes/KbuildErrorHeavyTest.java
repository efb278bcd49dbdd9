package dev.klas.advice.kprobes;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.AdviceRequest;
import dev.klas.advice.Aspects;
import dev.klas.advice.Diagnostic;
import dev.klas.advice.HookPlanner;
import dev.klas.advice.KernelMbufSample;
import dev.klas.advice.MbufPlan;
import dev.klas.advice.Modinfo;
import dev.klas.advice.PlacedObject;
import dev.klas.advice.Repo;
import dev.klas.advice.Target;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.schema.Aspect;
import dev.klas.schema.AspectLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A compile error in advice comes back from Kbuild at the aspect file's line and column. */
class KbuildErrorHeavyTest {
    @TempDir
    Path work;

    @Test
    void adviceErrorIsReportedAtTheAspectPosition() throws Exception {
        Assumptions.assumeTrue(Repo.heavy(), "heavy: builds kernel modules (-Dklas.heavy=true)");
        Path xml = Aspects.copy("bad-advice.xml", work);
        KbuildResult r = buildOnMGet(xml, "bad_advice", work.resolve("out"));
        assertFalse(r.built(), r.log());
        int[] at = Aspects.position(xml, "no_such_variable");
        boolean found = false;
        for (Diagnostic d : r.diagnostics()) {
            if (d.severity() == Diagnostic.Severity.ERROR && d.position().file().equals(xml.toString())
                    && d.position().line() == at[0] && d.position().column() == at[1]
                    && d.message().contains("no_such_variable")) {
                found = true;
            }
        }
        assertTrue(found, "expected " + xml + ":" + at[0] + ":" + at[1] + ": error ... no_such_variable in "
                + r.diagnostics() + "\n" + r.log());
        assertTrue(r.diagnostics().stream().noneMatch(d -> d.position().file().endsWith("advice.c")
                && d.severity() == Diagnostic.Severity.ERROR), "no error in generated code: " + r.diagnostics());
    }

    @Test
    void afterAdviceWithRetvalAndABareKernelIncludeBuild() throws Exception {
        Assumptions.assumeTrue(Repo.heavy(), "heavy: builds kernel modules (-Dklas.heavy=true)");
        Path xml = java.nio.file.Files.writeString(work.resolve("after.xml"), "<aspect name=\"after_m_get\">\n"
                + "  <include>linux/tcp.h</include>\n"
                + "  <pointcut><execution function=\"m_get\"/></pointcut>\n"
                + "  <advice-before>klas_printf(\"in %u\\n\", (unsigned) sizeof(struct tcp_sock));</advice-before>\n"
                + "  <advice-after>klas_printf(\"m_get returned %lx\\n\", klas_retval);</advice-after>\n"
                + "</aspect>\n");
        Path dir = work.resolve("after");
        KbuildResult r = buildOnMGet(xml, "after_m_get", dir);
        assertTrue(r.built(), r.diagnostics() + "\n" + r.log());
        String c = java.nio.file.Files.readString(dir.resolve("advice.c"));
        assertTrue(c.contains("#include <linux/tcp.h>") && c.contains("klas_retval"), c);
    }

    /** The aspect {@code name} of {@code xml} planned on kernel-mbuf's m_get, generated into {@code dir}, built by Kbuild. */
    private KbuildResult buildOnMGet(Path xml, String name, Path dir) throws Exception {
        Path ko = KernelMbufSample.build(work);
        List<Aspect> aspects = AspectLoader.load(xml);
        HookPlanner.Plan plan = HookPlanner.plan(new Binary(PlacedObject.open(ko)),
                Map.of(name, List.of(MbufPlan.function("mbuf.c", "m_get"))));
        String release = Modinfo.release(ko);
        AdviceRequest request = new AdviceRequest("klas_" + name, Target.kernelModule("kernel-mbuf", release),
                aspects, plan.hooks());
        KprobesGenerator.generate(request, dir);
        return Kbuild.build(dir, Kbuild.kdir(release), request.moduleName());
    }
}
