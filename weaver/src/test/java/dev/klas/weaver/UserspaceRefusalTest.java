package dev.klas.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input to the userspace weave and run: a clear message, nothing written, nothing patched. */
class UserspaceRefusalTest {
    @TempDir
    Path tmp;

    private Path aspect(String name, String body) throws Exception {
        return Files.writeString(tmp.resolve(name), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body);
    }

    private static String logAspect(String name, String pointcut, String advice) {
        return "<aspect name=\"" + name + "\">\n  <pointcut>\n    " + pointcut + "\n  </pointcut>\n"
                + "  <advice-before>\n    " + advice + "\n  </advice-before>\n</aspect>\n";
    }

    @Test
    void staleBinaryIsRefusedByTheCheckAndByTheRuntime() throws Exception {
        Path out = tmp.resolve("w");
        UserspaceWeaveTest.weave(out, "O2", HookMode.AUTO, List.of(MbufUser.ASPECTS.resolve("log_reset_len.xml")));
        Path src = Files.createDirectories(tmp.resolve("src"));
        for (String f : List.of("main.c", "mbuf.c", "fileops.c", "mbuf.h")) {
            Files.copy(MbufUser.SAMPLE.resolve(f), src.resolve(f));
        }
        Files.writeString(src.resolve("main.c"), Files.readString(src.resolve("main.c"))
                + "\nint klas_stale_marker(void) { return 42; }\n");
        /* the Makefile's -O2 command, on the changed sources */
        Proc.run(src, Map.of(), List.of("gcc", "-O2", "-g", "-pthread", "-o", "mbuf-user-O2", "main.c", "mbuf.c",
                "fileops.c")).ok();
        Path stale = src.resolve("mbuf-user-O2");
        List<String> problems = Woven.open(out).problems(stale);
        assertTrue(problems.stream().anyMatch(p -> p.contains("build-id")), problems.toString());
        Path log = tmp.resolve("advice.log");
        Proc p = Proc.run(tmp, Map.of("LD_PRELOAD", Woven.open(out).library().toString(), "KLAS_OUT", log.toString()),
                List.of(stale.toString(), "5", "1")).ok();
        assertTrue(p.err().contains("klas: refusing to patch"), p.err());
        assertTrue(!Files.exists(log) || Files.readString(log).isEmpty());
    }

    @Test
    void pointcutMatchingNothingWritesNothing() throws Exception {
        Path a = aspect("none.xml", logAspect("none", "<field-access name=\"no_such\" structure=\"mbuf\"/>",
                "klas_printf(\"x\\n\");"));
        Path out = tmp.resolve("w");
        WeaveException e = assertThrows(WeaveException.class,
                () -> UserspaceWeaveTest.weave(out, "O2", HookMode.AUTO, List.of(a)));
        assertEquals(WeaveException.Kind.INVALID_INPUT, e.kind());
        assertTrue(e.getMessage().startsWith("no pointcut matches anything"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void adviceErrorIsReportedAtTheAspectPosition() throws Exception {
        Path a = aspect("bad.xml", logAspect("bad", "<field-access name=\"m_len\" structure=\"mbuf\"/>",
                "klas_printf(\"%d\\n\", no_such_variable);"));
        List<String> lines = Files.readAllLines(a);
        int line = 0;
        while (!lines.get(line).contains("no_such_variable")) {
            line++;
        }
        String where = a + ":" + (line + 1) + ":" + (lines.get(line).indexOf("no_such_variable") + 1) + ": error: ";
        Path out = tmp.resolve("w");
        WeaveException e = assertThrows(WeaveException.class,
                () -> UserspaceWeaveTest.weave(out, "O0", HookMode.JUMP, List.of(a)));
        assertTrue(e.getMessage().contains(where + "'no_such_variable' undeclared"), where + "\n" + e.getMessage());
        assertFalse(Files.exists(out));
    }

    /** The sample's execution aspect has an advice-after: it runs once per return, as often as the oracle counts. */
    @ParameterizedTest
    @CsvSource({"O0,INT3", "O2,AUTO"})
    void adviceAfterRunsAtEveryReturn(String opt, HookMode mode) throws Exception {
        Path out = tmp.resolve("w");
        WeaveReport report = UserspaceWeaveTest.weave(out, opt, mode,
                List.of(MbufUser.ASPECTS.resolve("execution_m_get.xml")));
        assertTrue(report.hooks().stream().allMatch(h -> h.contains("\tafter-return execution_m_get")),
                report.hooks().toString());
        Path log = tmp.resolve("advice.log");
        Proc p = Proc.run(tmp, Map.of("LD_PRELOAD", Woven.open(out).library().toString(), "KLAS_OUT",
                log.toString()), List.of(MbufUser.binary(opt).toString(), "50", "4")).ok();
        assertEquals("", p.err());
        List<String> advice = Files.readAllLines(log);
        long oracle = MbufUser.oracle("50", "4").get("execution_m_get");
        assertEquals(oracle, advice.stream().filter(l -> l.startsWith("enter m_get")).count(), report.hooks().toString());
        assertEquals(oracle, advice.stream().filter(l -> l.equals("leave m_get")).count(), report.hooks().toString());
    }

    @Test
    void hostileAspectNameReachesCOnlyAsALiteral() throws Exception {
        String name = "x\"; system(\"rm -rf /";
        Path a = aspect("hostile.xml", logAspect(name.replace("\"", "&quot;"),
                "<field-access name=\"m_len\" structure=\"mbuf\"/>", "klas_printf(\"[%s]\\n\", klas_jp->aspect);"));
        Path out = tmp.resolve("w");
        UserspaceWeaveTest.weave(out, "O2", HookMode.INT3, List.of(a));
        Path log = tmp.resolve("advice.log");
        Proc.run(tmp, Map.of("LD_PRELOAD", Woven.open(out).library().toString(), "KLAS_OUT", log.toString()),
                List.of(MbufUser.binary("O2").toString(), "1", "1")).ok();
        List<String> advice = Files.readAllLines(log);
        assertEquals(MbufUser.oracle("1", "1").get("log_reset_len"), (long) advice.size());
        assertTrue(advice.stream().allMatch(l -> l.equals("[" + name + "]")), advice.toString());
    }
}
