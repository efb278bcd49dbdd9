package dev.klas.advice.userspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.Exec;
import dev.klas.advice.Oracles;
import dev.klas.hooks.RuntimeSources;
import dev.klas.schema.Aspect;
import dev.klas.schema.AspectLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * parts.c checked by gcc: a harness linked with it walks KLAS_PARTS_TABLE, prints every entry's strings and calls its
 * before/after functions; the output must hold the aspect's globs, names and advice effects byte for byte.
 */
class PartsGeneratorTest {
    /** An aspect name and globs that would break C if pasted raw. */
    private static final String HOSTILE = "x\"; system(\"rm -rf /\"); /*??/";

    private static final String HARNESS = """
            #include <stdio.h>
            #include "klas_runtime.h"
            extern const struct klas_parts_table klas_parts_table;
            extern const struct klas_table klas_woven_table;
            int main(void) {
                printf("abi %u n %zu sites %zu\\n", klas_parts_table.abi_version, klas_parts_table.n_calls,
                       klas_woven_table.n_objects);
                for (size_t i = 0; i < klas_parts_table.n_calls; i++) {
                    const struct klas_segment_call *c = &klas_parts_table.calls[i];
                    printf("from[%s] to[%s] fn[%s] aspect[%s] pointcut[%s]\\n", c->from, c->to, c->function,
                           c->jp->aspect, c->jp->pointcut);
                    struct klas_ctx ctx = { 0 };
                    ctx.jp = c->jp; ctx.caller = "main"; ctx.callee = "libgreet.so"; ctx.function = "greet";
                    ctx.retval = 42 + i;
                    if (c->before) c->before(&ctx); else printf("no before\\n");
                    if (c->after) c->after(&ctx); else printf("no after\\n");
                }
                return 0;
            }
            """;

    private static List<Aspect> aspects(Path dir, String xml) throws Exception {
        Path file = dir.resolve("parts.xml");
        Files.writeString(file, xml);
        return AspectLoader.load(file);
    }

    private static String xmlAttr(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }

    @Test
    void tableEntriesAndAdviceRunAsWritten(@TempDir Path dir) throws Exception {
        String xml = "<aspects>\n"
                + "<aspect name=\"" + xmlAttr(HOSTILE) + "\"><include>&lt;stdio.h&gt;</include>\n"
                + "  <pointcut><segment-call from=\"main\" to=\"" + xmlAttr("lib\"greet\\*?.so") + "\" function=\"greet_*\"/>"
                + "<segment-call from=\"*/plug[!x]*\" to=\"libm.so*\"/></pointcut>\n"
                + "  <advice-before>printf(\"B1 %s->%s:%s\\n\", klas_caller, klas_callee, klas_function);</advice-before>\n"
                + "  <advice-after>printf(\"A %lu\\n\", (unsigned long)klas_retval);</advice-after>\n"
                + "  <advice-before>printf(\"B2 %s\\n\", klas_jp->aspect);</advice-before>\n"
                + "</aspect>\n"
                + "<aspect name=\"only-after\"><include>&lt;stdio.h&gt;</include><pointcut expr=\"segment-call(&quot;a&quot;, &quot;b&quot;)\"/>\n"
                + "  <advice-after>printf(\"only after %lu\\n\", (unsigned long)klas_retval);</advice-after></aspect>\n"
                + "</aspects>\n";
        List<Aspect> all = aspects(dir, xml);
        String c = PartsGenerator.render(all, false);
        String out = build(dir, c, List.of());
        List<String> expected = List.of(
                "abi 4 n 3 sites 0",
                "from[main] to[lib\"greet\\*?.so] fn[greet_*] aspect[" + HOSTILE + "] pointcut["
                        + "segment-call(\"main\", \"lib\\\"greet\\\\*?.so\", \"greet_*\") || segment-call(\"*/plug[!x]*\", \"libm.so*\")]",
                "B1 main->libgreet.so:greet", "B2 " + HOSTILE, "A 42",
                "from[*/plug[!x]*] to[libm.so*] fn[*] aspect[" + HOSTILE + "] pointcut["
                        + "segment-call(\"main\", \"lib\\\"greet\\\\*?.so\", \"greet_*\") || segment-call(\"*/plug[!x]*\", \"libm.so*\")]",
                "B1 main->libgreet.so:greet", "B2 " + HOSTILE, "A 43",
                "from[a] to[b] fn[*] aspect[only-after] pointcut[segment-call(\"a\", \"b\")]",
                "no before", "only after 44");
        assertEquals(expected, out.lines().toList());
    }

    private static final String FAST_HARNESS = """
            #include <stdio.h>
            #include "klas_runtime.h"
            extern const struct klas_parts_table klas_parts_table;
            int main(void) {
                for (size_t i = 0; i < klas_parts_table.n_calls; i++) {
                    const struct klas_segment_call *c = &klas_parts_table.calls[i];
                    printf("%s fast_before %d fast_after %d vector %u\\n", c->jp->aspect, c->fast_before != 0,
                           c->fast_after != 0, c->fast_flags & KLAS_FAST_VECTOR);
                    if (c->fast_before) c->fast_before();
                    if (c->fast_after) c->fast_after();
                }
                return 0;
            }
            """;

    @Test
    void adviceWithoutContextGetsFastVariants(@TempDir Path dir) throws Exception {
        String xml = "<aspects>\n"
                + "<aspect name=\"count\"><pointcut><segment-call from=\"main\" to=\"x\"/></pointcut>\n"
                + "  <advice-before>static volatile long n; n++;</advice-before>\n"
                + "  <advice-after>static volatile long m; m += 2;</advice-after></aspect>\n"
                + "<aspect name=\"print\"><include>&lt;stdio.h&gt;</include>"
                + "<pointcut><segment-call from=\"main\" to=\"x\"/></pointcut>\n"
                + "  <advice-after>puts(\"fast after ran\");</advice-after></aspect>\n"
                + "<aspect name=\"named\"><pointcut><segment-call from=\"main\" to=\"x\"/></pointcut>\n"
                + "  <advice-before>static volatile long k; if (klas_function) k++;</advice-before></aspect>\n"
                + "</aspects>\n";
        List<Aspect> all = aspects(dir, xml);
        String c = PartsGenerator.render(all, false, true);
        Path main = dir.resolve("harness.c");
        Files.writeString(main, FAST_HARNESS);
        Files.writeString(dir.resolve("parts.c"), c);
        Path exe = dir.resolve("fast");
        Exec.Result g = Oracles.exec(List.of("gcc", "-O2", "-Wall", "-Werror", "-I", runtime(dir).toString(), "-o",
                exe.toString(), main.toString(), dir.resolve("parts.c").toString()));
        assertEquals(0, g.exit(), "gcc:\n" + g.output() + "\n" + c);
        Exec.Result r = Oracles.exec(List.of(exe.toString()));
        assertEquals(List.of("count fast_before 1 fast_after 1 vector 0", "print fast_before 0 fast_after 1 vector 1",
                "fast after ran", "named fast_before 0 fast_after 0 vector 0"), r.output().lines().toList());
        assertFalse(PartsGenerator.render(all, false, false).contains("KLAS_FAST void"),
                "advice compiled with vector registers has no fast variant");
    }

    @Test
    void siteTableLeftToWovenCWhenThereIsOne(@TempDir Path dir) throws Exception {
        List<Aspect> all = aspects(dir, "<aspect name=\"a\"><pointcut><segment-call from=\"main\" to=\"x\"/>"
                + "</pointcut><advice-before>(void)0;</advice-before></aspect>");
        String c = PartsGenerator.render(all, true);
        assertFalse(c.contains("klas_woven_table"), c);
        assertTrue(PartsGenerator.render(all, false).contains("klas_woven_table"));
    }

    @Test
    void gccErrorsInAdvicePointAtTheAspectFile(@TempDir Path dir) throws Exception {
        List<Aspect> all = aspects(dir, "<aspect name=\"a\">\n  <pointcut><segment-call from=\"main\" to=\"x\"/></pointcut>\n"
                + "  <advice-after>int y = klas_retval; undefined_thing(y);</advice-after>\n</aspect>\n");
        String log = compileErrors(dir, PartsGenerator.render(all, false));
        String file = dir.resolve("parts.xml").toString();
        assertTrue(log.contains(file + ":3:38: ") && log.contains("undefined_thing"), log);
    }

    private static Path runtime(Path dir) {
        Path rt = dir.resolve("rt");
        RuntimeSources.copyTo(rt);
        return rt;
    }

    private static String compileErrors(Path dir, String c) throws Exception {
        Path src = dir.resolve("parts.c");
        Files.writeString(src, c);
        Exec.Result p = Oracles.exec(List.of("gcc", "-Wall", "-Werror=implicit-function-declaration",
                "-fdiagnostics-column-unit=byte", "-c", "-I", runtime(dir).toString(), "-o",
                dir.resolve("parts.o").toString(), src.toString()));
        assertTrue(p.exit() != 0, "gcc accepted it:\n" + p.output());
        return p.output();
    }

    private static String build(Path dir, String c, List<String> extra) throws Exception {
        Path src = dir.resolve("parts.c");
        Path main = dir.resolve("harness.c");
        Files.writeString(src, c);
        Files.writeString(main, HARNESS);
        Path exe = dir.resolve("harness");
        List<String> cmd = new ArrayList<>(List.of("gcc", "-Wall", "-Werror", "-I", runtime(dir).toString(), "-o",
                exe.toString(), main.toString(), src.toString()));
        cmd.addAll(extra);
        Exec.Result g = Oracles.exec(cmd);
        assertEquals(0, g.exit(), "gcc:\n" + g.output() + "\n" + c);
        Exec.Result r = Oracles.exec(List.of(exe.toString()));
        assertEquals(0, r.exit(), r.output());
        return r.output();
    }
}
