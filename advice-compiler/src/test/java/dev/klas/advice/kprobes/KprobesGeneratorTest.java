package dev.klas.advice.kprobes;

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

class KprobesGeneratorTest {
    @TempDir
    Path dir;

    private static Hook hook(String aspect, Optional<AccessOperand> access) {
        return new Hook(new CodeLocation("m_get.constprop.0", 0x56, 0x100056),
                new OriginalBytes(List.of(0x89, 0x50, OriginalBytes.UNKNOWN)),
                new HookPlace("mbuf.c", 22, 0, "m_get"), List.of(aspect), access);
    }

    private static AdviceRequest request(List<Aspect> aspects, Optional<AccessOperand> access) {
        return new AdviceRequest("klas_test", Target.kernelModule("kernel-mbuf", "6.1.0-test"), aspects,
                List.of(hook(aspects.get(0).name(), access)));
    }

    @Test
    void hostileAspectNameBecomesAnIdentifierAndAnEscapedLiteralOnly() throws Exception {
        List<Aspect> aspects = Aspects.load("hostile-name.xml", dir);
        String name = aspects.get(0).name();
        assertTrue(name.contains("\"; system(\""), name);
        Map<String, String> files = KprobesGenerator.render(request(aspects, Optional.empty()));
        String c = files.get("advice.c");
        assertTrue(c.contains(CNames.literal(name)), "the escaped literal is there");
        Matcher param = Pattern.compile("module_param_named\\((\\w+), klas_on_0, bool, 0644\\)").matcher(c);
        assertTrue(param.find(), "module parameter");
        assertEquals(CNames.identifier(name), param.group(1));
        for (String piece : List.of("system(\"", "rm -rf", "$(shell", "*/")) {
            assertFalse(files.get("Makefile").contains(piece), piece);
        }
        String outside = c.replace(CNames.literal(name), "").replace(CNames.identifier(name), "");
        for (String piece : List.of("system(\"", "rm -rf", "$(shell", "\\ */")) {
            assertFalse(outside.contains(piece), "raw name piece outside the literal: " + piece);
        }
        Path xml = dir.resolve("hostile-name.xml");
        Files.writeString(xml, Files.readString(xml).replaceFirst("name=\"[^\"]*\"", "name=\"benign\""));
        List<Aspect> benign = AspectLoader.load(xml);
        Map<String, String> plain = KprobesGenerator.render(request(benign, Optional.empty()));
        assertEquals(plain.keySet(), files.keySet());
        for (String f : files.keySet()) {
            assertEquals(plain.get(f), files.get(f).replace(CNames.literal(name), CNames.literal("benign"))
                    .replace(CNames.identifier(name), CNames.identifier("benign")),
                    f + ": the hostile name occurs only as its literal and its identifier");
        }
    }

    @Test
    void adviceCodeStandsBehindLineDirectiveAtItsAspectColumn() throws Exception {
        Path xml = Aspects.copy("bad-advice.xml", dir);
        List<Aspect> aspects = AspectLoader.load(xml);
        String c = KprobesGenerator.render(request(aspects, Optional.empty())).get("advice.c");
        String[] lines = c.split("\n");
        int directive = -1;
        int directiveLine = 0;
        Matcher m = Pattern.compile("#line (\\d+) " + Pattern.quote(CNames.literal(xml.toString()))).matcher("");
        for (int i = 0; i < lines.length; i++) {
            if (m.reset(lines[i]).matches()) {
                directive = i;
                directiveLine = Integer.parseInt(m.group(1));
            }
        }
        assertTrue(directive >= 0, "a #line directive names the aspect file");
        for (String token : List.of("klas_printf(\"fine", "no_such_variable")) {
            int[] at = Aspects.position(xml, token);
            int j = directive + 1;
            while (!lines[j].contains(token)) {
                j++;
            }
            assertEquals(at[0], directiveLine + (j - directive - 1), token + ": line as gcc counts it");
            assertEquals(at[1], lines[j].indexOf(token) + 1, token + ": column");
        }
        int restore = -1;
        for (int i = directive; i < lines.length; i++) {
            if (lines[i].startsWith("#line ") && lines[i].endsWith("\"advice.c\"")) {
                restore = i;
                break;
            }
        }
        assertEquals("#line " + (restore + 2) + " \"advice.c\"", lines[restore], "back to the generated file");
    }

    @Test
    void accessContextIsComputedFromTheOperandRegisters() throws Exception {
        List<Aspect> aspects = Aspects.load("bad-advice.xml", dir);
        AccessOperand op = new AccessOperand(Optional.of("rbp"), Optional.of("r12"), 4, -0x10, 64, 8);
        String c = KprobesGenerator.render(request(aspects, Optional.of(op))).get("advice.c");
        assertTrue(c.contains("void *access __attribute__((unused)) = (void *)(0UL + regs->bp + regs->r12 * 4UL - 0x10UL);"), c);
        assertTrue(c.contains("void *target __attribute__((unused)) = (void *)((unsigned long)access - 0x8UL);"));
        assertTrue(c.contains(".symbol_name = \"kernel_mbuf:m_get.constprop.0\", .offset = 0x56"));
        assertTrue(c.contains("klas_bytes_0[] = { 0x89, 0x50, 0x00 }"));
        assertTrue(c.contains("klas_known_0[] = { 1, 1, 0 }"));
    }

    @Test
    void afterAdviceIsRefusedAtItsPosition() throws Exception {
        Path xml = dir.resolve("after.xml");
        java.nio.file.Files.writeString(xml, """
                <aspect name="after">
                  <pointcut><execution function="m_get"/></pointcut>
                  <advice-after>klas_printf("x\\n");</advice-after>
                </aspect>
                """);
        List<Aspect> aspects = AspectLoader.load(xml);
        GenerationException e = assertThrows(GenerationException.class,
                () -> KprobesGenerator.render(request(aspects, Optional.empty())));
        int[] at = Aspects.position(xml, "klas_printf");
        assertEquals(at[0], e.diagnostics().get(0).position().line(), e.getMessage());
        assertTrue(e.getMessage().contains("advice-after runs when a function returns"), e.getMessage());
    }

    @Test
    void afterAdviceAtAFunctionEntryBecomesAKretprobe() throws Exception {
        Path xml = dir.resolve("after.xml");
        java.nio.file.Files.writeString(xml, """
                <aspect name="after">
                  <pointcut><execution function="m_get"/></pointcut>
                  <advice-before>klas_printf("in\\n");</advice-before>
                  <advice-after>klas_printf("out\\n");</advice-after>
                </aspect>
                """);
        List<Aspect> aspects = AspectLoader.load(xml);
        Hook entry = new Hook(new CodeLocation("m_get", 0, 0x100000), new OriginalBytes(List.of(OriginalBytes.UNKNOWN)),
                new HookPlace("mbuf.c", 8, 0, "m_get"), List.of("after"), Optional.empty(), true);
        String c = KprobesGenerator.render(new AdviceRequest("klas_test", Target.kernelModule("kernel-mbuf", "6.1.0-test"),
                aspects, List.of(entry))).get("advice.c");
        assertTrue(c.contains(".handler = klas_ret_0 }, .hook = 0 },"), c);
        assertTrue(c.contains("klas_advice_0_1(&klas_jp_0[0], regs, NULL, NULL, NULL);"), "after advice in the return handler");
        assertTrue(c.contains("klas_advice_0_0(&klas_jp_0[0], regs, access, target, NULL);"), "before advice in the pre handler");
    }

    @Test
    void anAspectNamedLikeAModuleParameterGetsAnotherSwitch() throws Exception {
        for (String own : List.of("printk", "guard_ms", "guard_window_ms", "log_kb", "partial")) {
            List<Aspect> aspects = AspectLoader.parse("own.xml", ("<aspect name=\"" + own + "\"><pointcut expr=\"set(mbuf"
                    + ".m_len)\"/><advice-before>klas_printf(\"x\\n\");</advice-before></aspect>").getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));
            Map<String, String> files = KprobesGenerator.render(request(aspects, Optional.empty()));
            String c = files.get("advice.c");
            assertTrue(c.contains("module_param_named(" + own + "_aspect, klas_on_0, bool, 0644);"), c);
            assertEquals(1, Pattern.compile("module_param_named\\(" + own + ",").matcher(String.join("\n",
                    files.values())).results().count(), own + " is the module's own parameter, once");
            assertTrue(c.contains("klas_guard_end(t0, 0, &klas_on_0);"), "the advice runs under the guard");
            assertTrue(files.containsKey("klas_log.h") && files.containsKey("klas_guard.h"), files.keySet().toString());
        }
    }

    @Test
    void segmentCallRefusedAtTheAspect() throws Exception {
        Path file = dir.resolve("seg.xml");
        java.nio.file.Files.writeString(file, "<aspects>\n<aspect name=\"ok\"><pointcut><execution function=\"m_get\"/>"
                + "</pointcut><advice-before>(void)0;</advice-before></aspect>\n"
                + "  <aspect name=\"seg\"><pointcut><segment-call from=\"main\" to=\"lib*\"/></pointcut>"
                + "<advice-before>(void)0;</advice-before></aspect>\n</aspects>\n");
        List<Aspect> aspects = AspectLoader.load(file);
        GenerationException e = assertThrows(GenerationException.class,
                () -> KprobesGenerator.render(request(aspects, Optional.empty())));
        assertEquals(1, e.diagnostics().size());
        assertEquals(new dev.klas.schema.SourcePosition(file.toString(), 3, 3), e.diagnostics().get(0).position());
        assertTrue(e.diagnostics().get(0).message().contains("segment-call"), e.getMessage());
    }
}
