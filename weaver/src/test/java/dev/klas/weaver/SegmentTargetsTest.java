package dev.klas.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.schema.Aspect;
import dev.klas.schema.AspectLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segment-call globs checked against what a program declares, on a program and library built here with gcc:
 * libfoo.so defines foo_a and foo_b; prog calls foo_a only; prog-dl also imports dlopen.
 */
class SegmentTargetsTest {
    @TempDir
    static Path tmp;

    @BeforeAll
    static void build() throws Exception {
        Files.writeString(tmp.resolve("foo.c"), "int foo_a(int x) { return x + 1; }\nint foo_b(int x) { return x; }\n");
        Files.writeString(tmp.resolve("prog.c"), "int foo_a(int);\nint main(int c, char **v) { (void)v; return foo_a(c); }\n");
        Files.writeString(tmp.resolve("prog-dl.c"), "#include <dlfcn.h>\nint foo_a(int);\n"
                + "int main(int c, char **v) { return dlopen(v[0], RTLD_NOW) ? foo_a(c) : 0; }\n");
        gcc("-shared", "-fPIC", "-Wl,-soname,libfoo.so", "-o", "libfoo.so", "foo.c");
        gcc("-o", "prog", "prog.c", "-L.", "-lfoo", "-Wl,-rpath,$ORIGIN");
        gcc("-o", "prog-dl", "prog-dl.c", "-L.", "-lfoo", "-Wl,-rpath,$ORIGIN", "-ldl");
    }

    private static void gcc(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("gcc"));
        cmd.addAll(List.of(args));
        Proc.run(tmp, Map.of(), cmd).ok();
    }

    private static List<Aspect> aspect(String pointcut) throws Exception {
        Path f = tmp.resolve("a.xml");
        Files.writeString(f, "<aspect name=\"a\"><pointcut expr=\"" + pointcut.replace("\"", "&quot;")
                + "\"/><advice-before>(void)0;</advice-before></aspect>");
        return AspectLoader.load(f);
    }

    @Test
    void declaredObjectsAreMainAndTheNeededOnesTransitively() throws Exception {
        List<String> names = SegmentTargets.parts(tmp.resolve("prog")).stream().map(SegmentTargets.Part::name).toList();
        assertEquals("main", names.get(0));
        assertTrue(names.contains("libfoo.so") && names.contains("libc.so.6"), names.toString());
    }

    @Test
    void aCallThatTheProgramMakesIsSummarized() throws Exception {
        SegmentTargets.Result r = SegmentTargets.check(tmp.resolve("prog"), aspect("segment-call(\"main\", \"libfoo*\", \"foo_*\")"));
        assertEquals(List.of(), r.problems());
        assertEquals(1, r.summary().size(), r.summary().toString());
        assertTrue(r.summary().get(0).endsWith(": main -> libfoo.so: foo_a"), r.summary().toString());
    }

    @Test
    void globsThatMatchNothingDeclaredAreProblemsUnlessTheProgramDlopens() throws Exception {
        for (String pc : List.of("segment-call(\"main\", \"libbar*\")", "segment-call(\"libbar*\", \"libfoo*\")",
                "segment-call(\"main\", \"libfoo*\", \"foo_b\")")) {
            SegmentTargets.Result r = SegmentTargets.check(tmp.resolve("prog"), aspect(pc));
            assertEquals(1, r.problems().size(), pc);
            assertEquals(1, r.unmatchedAspects(), pc);
            assertTrue(r.problems().get(0).contains("a.xml:1:1: aspect a: ") && r.problems().get(0)
                    .contains("does not import dlopen"), r.problems().toString());
            SegmentTargets.Result dl = SegmentTargets.check(tmp.resolve("prog-dl"), aspect(pc));
            assertEquals(List.of(), dl.problems(), pc);
            assertEquals(1, dl.notes().size(), pc);
            assertEquals(0, dl.unmatchedAspects());
        }
    }

    @Test
    void weaveWithNothingMatchingWritesNothing() throws Exception {
        Path out = tmp.resolve("out");
        Path xml = tmp.resolve("a.xml");
        aspect("segment-call(\"main\", \"libbar*\")");
        WeaveRequest req = new WeaveRequest(List.of(xml), tmp.resolve("prog"), Optional.empty(), Optional.empty(),
                Optional.empty(), WeaveTarget.USERSPACE, out, true, Optional.empty(), HookMode.AUTO, Optional.empty());
        WeaveException e = assertThrows(WeaveException.class, () -> Weaver.weave(req));
        assertEquals(WeaveException.Kind.INVALID_INPUT, e.kind());
        assertTrue(e.getMessage().contains("no segment-call can match") && e.getMessage().contains("libbar*"),
                e.getMessage());
        assertFalse(Files.exists(out));
    }

    /** A weave of segment calls only: no symbol table, parts.c alone, and the advice runs at the call and return. */
    @Test
    void segmentCallOnlyWeaveRunsBeforeAndAfterWithTheReturnValue() throws Exception {
        Path xml = tmp.resolve("run.xml");
        Files.writeString(xml, "<aspect name=\"r\"><pointcut><segment-call from=\"main\" to=\"libfoo*\""
                + " function=\"foo_*\"/></pointcut>"
                + "<advice-before>klas_printf(\"B %s %s %s %lu\\n\", klas_function, klas_caller, klas_callee,"
                + " (unsigned long)klas_regs->rdi);</advice-before>"
                + "<advice-after>klas_printf(\"A %s %lu\\n\", klas_function, (unsigned long)klas_retval);</advice-after>"
                + "</aspect>");
        Path out = tmp.resolve("run-woven");
        WeaveReport r = Weaver.weave(new WeaveRequest(List.of(xml), tmp.resolve("prog"), Optional.empty(),
                Optional.empty(), Optional.empty(), WeaveTarget.USERSPACE, out, true, Optional.empty(), HookMode.AUTO,
                Optional.empty()));
        assertEquals(List.of(), r.hooks());
        assertEquals(1, r.segmentCalls().size(), r.segmentCalls().toString());
        assertTrue(Files.exists(out.resolve("parts.c")) && !Files.exists(out.resolve("woven.c")));
        Path log = tmp.resolve("run.log");
        Proc p = Proc.run(tmp, Map.of("LD_PRELOAD", r.artifact().orElseThrow().toString(), "KLAS_OUT", log.toString()),
                List.of(tmp.resolve("prog").toString(), "x", "y"));
        assertEquals(4, p.exit(), "prog returns foo_a(argc) = argc + 1: " + p.out() + p.err());
        assertEquals(List.of("B foo_a main libfoo.so 3", "A foo_a 4"), Files.readAllLines(log).stream()
                .filter(l -> l.startsWith("A ") || l.startsWith("B ")).toList());
    }

    @Test
    void kprobesTargetRefusesSegmentCallAtTheAspect() throws Exception {
        Path xml = tmp.resolve("a.xml");
        aspect("segment-call(\"main\", \"libfoo*\")");
        WeaveRequest req = new WeaveRequest(List.of(xml), tmp.resolve("prog"), Optional.empty(), Optional.empty(),
                Optional.empty(), WeaveTarget.LINUX_KPROBES, tmp.resolve("k"), false, Optional.empty(), HookMode.AUTO,
                Optional.empty());
        WeaveException e = assertThrows(WeaveException.class, () -> Weaver.weave(req));
        assertTrue(e.getMessage().startsWith(xml + ":1:1: aspect a: segment-call(...)"), e.getMessage());
    }

    /** Our fnmatch against glibc's fnmatch(3) with flags 0, as the runtime calls it. */
    @Test
    void fnmatchAgreesWithGlibc() throws Exception {
        Files.writeString(tmp.resolve("fm.c"), "#include <fnmatch.h>\n#include <stdio.h>\n"
                + "int main(int c, char **v) { for (int i = 1; i + 1 < c; i += 2) printf(\"%d\\n\","
                + " fnmatch(v[i], v[i + 1], 0) == 0); return 0; }\n");
        gcc("-o", "fm", "fm.c");
        List<String> pairs = List.of("lib*", "libgreet.so", "*/libgreet.so", "/tmp/x/libgreet.so", "lib[!x]reet.so",
                "libgreet.so", "lib[!g]reet.so", "libgreet.so", "lib\\*", "lib*", "lib\\*", "libc", "libc.so?",
                "libc.so", "libc.so?", "libc.so.6", "*greet*", "/a/b/libgreet-v2.so", "main", "main", "m?in", "m/in",
                "lib[a-c].so", "libb.so", "lib[a-c].so", "libd.so", "[", "[", "lib[.so", "lib[.so", "*.so.[0-9]",
                "libm.so.6", "a]b", "a]b");
        List<String> cmd = new java.util.ArrayList<>(List.of(tmp.resolve("fm").toString()));
        cmd.addAll(pairs);
        List<String> glibc = Proc.run(tmp, Map.of(), cmd).ok().out().lines().toList();
        for (int i = 0; i < pairs.size(); i += 2) {
            assertEquals(glibc.get(i / 2).equals("1"), Fnmatch.matches(pairs.get(i), pairs.get(i + 1)),
                    pairs.get(i) + " on " + pairs.get(i + 1));
        }
    }

    @Test
    void fnmatchLikeGlibc() {
        assertTrue(Fnmatch.matches("lib*", "libgreet.so"));
        assertTrue(Fnmatch.matches("*/libgreet.so", "/tmp/x/libgreet.so"));
        assertTrue(Fnmatch.matches("lib[!x]reet.so", "libgreet.so"));
        assertFalse(Fnmatch.matches("lib[!g]reet.so", "libgreet.so"));
        assertTrue(Fnmatch.matches("lib\\*", "lib*"));
        assertFalse(Fnmatch.matches("lib\\*", "libc"));
        assertFalse(Fnmatch.matches("libc.so?", "libc.so"));
    }
}
