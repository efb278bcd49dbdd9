package dev.klas.advice.userspace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.klas.advice.Exec;
import dev.klas.advice.Oracles;
import dev.klas.hooks.RuntimeSources;
import dev.klas.hooks.plan.Displaced;
import dev.klas.hooks.plan.HookMode;
import dev.klas.hooks.plan.Mechanism;
import dev.klas.hooks.plan.PatchPlan;
import dev.klas.hooks.plan.PlannedHook;
import dev.klas.hooks.plan.TargetIdentity;
import dev.klas.schema.Aspect;
import dev.klas.schema.AspectLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * woven.c with after-advice, checked by gcc and a harness that walks the site table the way the runtime does: an
 * entry site carries KLAS_SITE_ENTRY and its after list; the site after a call runs the call's after-advice as an
 * ordinary advice that takes klas_retval from the saved rax, and is never a no-registers (light) jump site.
 */
class UserspaceAfterTest {
    private static final String HARNESS = """
            #include "klas_runtime.h"
            #include <stdio.h>
            extern const struct klas_table klas_woven_table;
            int main(void)
            {
                const struct klas_object *o = &klas_woven_table.objects[0];
                for (size_t i = 0; i < o->n_sites; i++) {
                    const struct klas_site *s = &o->sites[i];
                    printf("site 0x%llx flags %u advices %u after %u\\n", (unsigned long long)s->vaddr,
                           (unsigned)s->flags, (unsigned)s->n_advices, (unsigned)s->n_after);
                    struct klas_registers r = { 0 };
                    r.rax = 42 + i;
                    struct klas_ctx c = { .site = s, .regs = &r };
                    for (uint32_t k = 0; k < s->n_advices; k++) {
                        c.jp = s->advices[k].jp;
                        s->advices[k].fn(&c);
                    }
                    c.retval = r.rax;
                    for (uint32_t k = 0; k < s->n_after; k++) {
                        c.jp = s->after[k].jp;
                        s->after[k].fn(&c);
                    }
                }
                return 0;
            }
            """;

    @Test
    void entrySitesCarryTheirAfterListAndCallSitesTakeRetvalFromRax(@TempDir Path dir) throws Exception {
        Path xml = dir.resolve("a.xml");
        Files.writeString(xml, "<aspects>\n"
                + "<aspect name=\"A\"><include>&lt;stdio.h&gt;</include><pointcut><execution function=\"f\"/></pointcut>\n"
                + "  <advice-before>printf(\"A before %s\\n\", klas_jp->aspect);</advice-before>\n"
                + "  <advice-after>printf(\"A after %lu in %s:%d\\n\", (unsigned long)klas_retval, klas_jp->function,"
                + " klas_jp->line);</advice-after></aspect>\n"
                + "<aspect name=\"B\"><include>&lt;stdio.h&gt;</include><pointcut><call function=\"g\"/></pointcut>\n"
                + "  <advice-after>printf(\"B after %lu, call at 0x%llx\\n\", (unsigned long)klas_retval,"
                + " (unsigned long long)klas_jp->address);</advice-after></aspect>\n"
                + "</aspects>\n");
        List<Aspect> aspects = AspectLoader.load(xml);
        PlannedHook.Place f = new PlannedHook.Place("f.c", 3, 1, "f");
        PlannedHook.Place call = new PlannedHook.Place("main.c", 9, 5, "main");
        PlannedHook entry = new PlannedHook(0x1000, "f", 0, f, List.of(new PlannedHook.AspectRef("A", "execution(f)")),
                new byte[] {0x55}, Mechanism.INT3, List.of(0xcc), Optional.empty(), List.of(new Displaced(1, -1)),
                Optional.empty(), false, true, List.of(new PlannedHook.After("A", "execution(f)",
                PlannedHook.After.When.RETURN, 0x1000, f)));
        PlannedHook next = new PlannedHook(0x2005, "main", 0x25, call, List.of(), new byte[] {(byte) 0x89, (byte) 0xc7},
                Mechanism.INT3, List.of(0xcc), Optional.empty(), List.of(new Displaced(2, -1)), Optional.empty(), false,
                false, List.of(new PlannedHook.After("B", "call(g)", PlannedHook.After.When.HERE, 0x2000, call)));
        PlannedHook jump = new PlannedHook(0x3005, "main", 0x1025, call, List.of(), new byte[] {0x48, (byte) 0x89,
                (byte) 0xc7, (byte) 0x90, (byte) 0x90}, Mechanism.JUMP, List.of(0xe9, -1, -1, -1, -1), Optional.empty(),
                List.of(new Displaced(3, -1), new Displaced(1, -1), new Displaced(1, -1)), Optional.empty(), false, false,
                List.of(new PlannedHook.After("B", "call(g)", PlannedHook.After.When.HERE, 0x3000, call)));
        PatchPlan plan = new PatchPlan(PatchPlan.VERSION, new TargetIdentity("/t/p", "main", "", 1, "00"), HookMode.AUTO,
                List.of(entry, next, jump), List.of());
        String out = run(dir, UserspaceGenerator.render(plan, aspects, true));
        assertEquals(List.of(
                "site 0x1000 flags 2 advices 1 after 1", "A before A", "A after 42 in f:3",
                "site 0x2005 flags 0 advices 1 after 0", "B after 43, call at 0x2000",
                "site 0x3005 flags 0 advices 1 after 0", "B after 44, call at 0x3000"), out.lines().toList());
    }

    private static String run(Path dir, String wovenC) throws Exception {
        Path rt = dir.resolve("rt");
        RuntimeSources.copyTo(rt);
        Files.writeString(dir.resolve("woven.c"), wovenC);
        Files.writeString(dir.resolve("harness.c"), HARNESS);
        Path exe = dir.resolve("harness");
        List<String> cmd = new ArrayList<>(List.of("gcc", "-Wall", "-Werror", "-I", rt.toString(), "-o", exe.toString(),
                dir.resolve("harness.c").toString(), dir.resolve("woven.c").toString()));
        Exec.Result g = Oracles.exec(cmd);
        assertEquals(0, g.exit(), "gcc:\n" + g.output() + "\n" + wovenC);
        Exec.Result r = Oracles.exec(List.of(exe.toString()));
        assertEquals(0, r.exit(), r.output());
        return r.output();
    }
}
