package dev.klas.advice.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.AccessOperand;
import dev.klas.advice.AdviceRequest;
import dev.klas.advice.Aspects;
import dev.klas.advice.CNames;
import dev.klas.advice.CodeLocation;
import dev.klas.advice.GenerationException;
import dev.klas.advice.Hook;
import dev.klas.advice.HookPlace;
import dev.klas.advice.OriginalBytes;
import dev.klas.advice.Target;
import dev.klas.schema.Aspect;
import dev.klas.schema.AspectLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpfGeneratorTest {
    private static final Path BTF = Path.of("/usr/lib/debug/boot/vmlinux-6.1.0-test");

    @TempDir
    Path dir;

    /** A hook in {@code reg_vif_xmit}, a name two functions share: its anchor is another, unique symbol. */
    private static Hook hook(String aspect, Optional<AccessOperand> access) {
        return new Hook(new CodeLocation("reg_vif_xmit", 0x12, 0xffffffff81a00012L, "ipmr_cache_free_rcu", 0x92),
                new OriginalBytes(List.of(0x89, 0x50, OriginalBytes.UNKNOWN)),
                new HookPlace("net/ipv4/ipmr.c", 22, 3, "reg_vif_xmit"), List.of(aspect), access);
    }

    private static AdviceRequest request(List<Aspect> aspects, Optional<AccessOperand> access) {
        return new AdviceRequest("klas_test", Target.vmlinux("6.1.0-test", Optional.empty()), aspects,
                List.of(hook(aspects.get(0).name(), access)));
    }

    @Test
    void hooksAreAttachedByTheirUniqueAnchorAndTheAccessComesFromTheRegisters() throws Exception {
        List<Aspect> aspects = Aspects.load("bad-advice.xml", dir);
        AccessOperand op = new AccessOperand(Optional.of("rbp"), Optional.of("r12"), 4, -0x10, 64, 8);
        Map<String, String> files = BpfGenerator.render(request(aspects, Optional.of(op)), BTF);
        assertEquals(List.of("klas_test.bpf.c", "klas_test.c", "klas_loader.h", "klas_guard.bpf.h",
                "Makefile"), List.copyOf(files.keySet()));
        String loader = files.get("klas_test.c");
        assertTrue(loader.contains("{ \"klas_hook_0\", \"ipmr_cache_free_rcu\", 0x92UL, "
                + "\"reg_vif_xmit+0x12 (net/ipv4/ipmr.c:22)\", 0, NULL,\n\t  klas_bytes_0, klas_known_0, 3,"
                + " \"reg_vif_xmit\", 18UL,\n\t  \"net/ipv4/ipmr.c:22:3\", klas_aspects_0 },"), loader);
        assertTrue(loader.contains("static const int klas_aspects_0[] = { 0, -1 };"), loader);
        assertTrue(loader.contains("klas_bytes_0[] = { 0x89, 0x50, 0x00 };"), loader);
        assertTrue(loader.contains("klas_known_0[] = { 1, 1, 0 };"), loader);
        assertFalse(loader.contains("\"klas_hook_0\", \"reg_vif_xmit\","), "never attached by the shared name");
        assertTrue(loader.contains("#define KLAS_RELEASE \"6.1.0-test\""), loader);
        assertTrue(loader.contains("#define KLAS_TARGET_IS_MODULE 0"), loader);
        String prog = files.get("klas_test.bpf.c");
        assertTrue(prog.contains("SEC(\"kprobe\")\nint klas_hook_0(struct pt_regs *regs)"), prog);
        assertTrue(prog.contains("void *access = (void *)(0UL + regs->bp + regs->r12 * 4UL - 0x10UL);"), prog);
        assertTrue(prog.contains("void *target = (void *)((unsigned long)access - 0x8UL);"), prog);
        assertTrue(prog.contains("\"net/ipv4/ipmr.c\",\n\t\t\t22, 3, \"reg_vif_xmit\", address, \"reg_vif_xmit\", 0x12UL"),
                prog);
        assertTrue(files.get("Makefile").contains("BTF ?= " + BTF), files.get("Makefile"));
        assertTrue(files.get("Makefile").contains("-target bpf"), files.get("Makefile"));
        assertTrue(files.get("Makefile").contains("-static"), files.get("Makefile"));
    }

    @Test
    void adviceCodeStandsBehindLineDirectiveAtItsAspectColumn() throws Exception {
        Path xml = Aspects.copy("bad-advice.xml", dir);
        String c = BpfGenerator.render(request(AspectLoader.load(xml), Optional.empty()), BTF).get("klas_test.bpf.c");
        String[] lines = c.split("\n");
        Matcher m = Pattern.compile("#line (\\d+) " + Pattern.quote(CNames.literal(xml.toString()))).matcher("");
        int directive = -1;
        int directiveLine = 0;
        for (int i = 0; i < lines.length; i++) {
            if (m.reset(lines[i]).matches()) {
                directive = i;
                directiveLine = Integer.parseInt(m.group(1));
            }
        }
        assertTrue(directive >= 0, "a #line directive names the aspect file");
        int[] at = Aspects.position(xml, "no_such_variable");
        int j = directive + 1;
        while (!lines[j].contains("no_such_variable")) {
            j++;
        }
        assertEquals("#endif", lines[directive + 1], "the #line is left out when the object is compiled");
        assertEquals(at[0], directiveLine + (j - directive - 2), "line as clang counts it (after the #endif)");
        assertEquals(at[1], lines[j].indexOf("no_such_variable") + 1, "column");
        int restore = j;
        while (!lines[restore].startsWith("#line ")) {
            restore++;
        }
        assertEquals("#ifndef KLAS_BTF_LINES", lines[directive - 1]);
        assertEquals("#ifndef KLAS_BTF_LINES", lines[restore - 1]);
        assertEquals("#line " + (restore + 2) + " \"klas_test.bpf.c\"", lines[restore], "back to the generated file");
    }

    @Test
    void theLoaderKnowsEachAdviceLineByItsText() throws Exception {
        Path xml = Aspects.copy("bpf-raw-deref.xml", dir);
        String loader = BpfGenerator.render(new AdviceRequest("klas_test", Target.vmlinux("6.1.0-test",
                Optional.empty()), AspectLoader.load(xml), List.of(hook("raw_deref", Optional.empty()))), BTF)
                .get("klas_test.c");
        String file = CNames.literal(xml.toString());
        assertTrue(loader.contains("{ " + file + ", " + Aspects.position(xml, "klas_printf(\"enter")[0] + ", "
                + CNames.literal("klas_printf(\"enter %s\\n\", klas_jp->function);") + " },"), loader);
        assertTrue(loader.contains("{ " + file + ", " + Aspects.position(xml, "*(long *)")[0] + ", "
                + CNames.literal("klas_printf(\"%ld\\n\", *(long *)klas_regs->di);") + " },"), loader);
    }

    @Test
    void otherIncludesVariablesAndAfterAdviceWithoutEntryAreRefusedAtTheirPositions() throws Exception {
        Path xml = dir.resolve("refused.xml");
        Files.writeString(xml, """
                <aspects>
                  <aspect name="inc">
                    <include>&lt;linux/ip.h&gt;</include>
                    <include>&lt;stdio.h&gt;</include>
                    <pointcut><execution function="m_get"/></pointcut>
                    <advice-before>klas_printf("x\\n");</advice-before>
                  </aspect>
                  <aspect name="vars">
                    <pointcut><execution function="m_get"/></pointcut>
                    <advice-before>klas_printf("%d\\n", $m->m_len);</advice-before>
                    <advice-after>klas_printf("y\\n");</advice-after>
                  </aspect>
                </aspects>
                """);
        List<Aspect> aspects = AspectLoader.load(xml);
        AdviceRequest request = new AdviceRequest("klas_test", Target.vmlinux("6.1.0-test", Optional.empty()),
                aspects, List.of(hook("inc", Optional.empty()), hook("vars", Optional.empty())));
        GenerationException e = assertThrows(GenerationException.class, () -> BpfGenerator.render(request, BTF));
        assertEquals(3, e.diagnostics().size(), e.getMessage());
        assertEquals(Aspects.position(xml, "stdio.h")[0], e.diagnostics().get(0).position().line());
        assertEquals(Aspects.position(xml, "stdio.h")[1] - 4, e.diagnostics().get(0).position().column());
        assertTrue(e.diagnostics().get(0).message().startsWith("#include <stdio.h>: linux-bpf compiles advice against"
                + " vmlinux.h"), e.getMessage());
        assertEquals(Aspects.position(xml, "$m->m_len")[0], e.diagnostics().get(1).position().line());
        assertTrue(e.diagnostics().get(1).message().contains("($name)"), e.getMessage());
        assertEquals(Aspects.position(xml, "klas_printf(\"y")[0], e.diagnostics().get(2).position().line());
        assertTrue(e.diagnostics().get(2).message().contains("no execution join point"), e.getMessage());
    }

    @Test
    void kernelHeadersStandAsVmlinuxHAndLoopsLeftToTheVerifierAreNotedInTheProgram() throws Exception {
        Path xml = dir.resolve("inc.xml");
        Files.writeString(xml, """
                <aspect name="inc">
                  <include>&lt;linux/ip.h&gt;</include>
                  <include>net/sock.h</include>
                  <include>&lt;uapi/linux/in.h&gt;</include>
                  <pointcut><execution function="m_get"/></pointcut>
                  <advice-before>long v = 3; while (v) v--; for (int i = 0; i &lt; 4; i++) v++;</advice-before>
                </aspect>
                """);
        String prog = BpfGenerator.render(request(AspectLoader.load(xml), Optional.empty()), BTF)
                .get("klas_test.bpf.c");
        for (String h : List.of("linux/ip.h", "net/sock.h", "uapi/linux/in.h")) {
            int[] at = Aspects.position(xml, h);
            assertTrue(prog.contains(" * " + xml + ":" + at[0] + ":" + (h.startsWith("net") ? at[1] : at[1] - 4)
                    + ": note: #include <" + h + "> not included: vmlinux.h (the kernel's BTF) declares every kernel"
                    + " type\n"), prog);
            assertFalse(prog.contains("\n#include <" + h), prog);
        }
        int[] loop = Aspects.position(xml, "while (v)");
        assertTrue(prog.contains(" * " + xml + ":" + loop[0] + ":" + loop[1] + ": note: 'while' loop: klas sees no"
                + " constant bound"), prog);
        assertFalse(prog.contains("'for' loop"), "the constant-bounded for needs no note: " + prog);
    }
}
