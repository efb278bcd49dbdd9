package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The advice's {@code <include>}s in the documented forms: a bare path ({@code stdio.h}, as {@code <stdio.h>}), a
 * quoted one found in the program's own tree ({@code "mbuf.h"}, through the symbol table's source root), one in a
 * folder given with {@code --include-dir}. A header gcc cannot find is reported at the {@code <include>}'s line and
 * column, and nothing is written.
 */
class AdviceIncludeTest {
    @TempDir
    static Path tmp;
    static Sample sample;

    @BeforeAll
    static void build() {
        sample = Sample.make(tmp);
    }

    private static Path aspect(String name, String includes, String advice) throws IOException {
        return Files.writeString(tmp.resolve(name + ".xml"), "<aspect name=\"" + name + "\">\n" + includes
                + "  <pointcut><field-access name=\"m_len\" structure=\"mbuf\" access=\"write\"/></pointcut>\n"
                + "  <advice-before>" + advice + "</advice-before>\n</aspect>\n");
    }

    private static Run weave(Path aspect, Path out, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("weave", "--aspect",
                aspect.toString(), "--binary", sample.o2().toString(), "--db", sample.db().toString(), "--target",
                "userspace", "--out", out.toString()));
        args.addAll(java.util.List.of(more));
        return Run.klas(args.toArray(new String[0]));
    }

    @Test
    void bareAndQuotedIncludesFromTheProgramsTree() throws IOException {
        Path a = aspect("inc_forms", "  <include>stdio.h</include>\n  <include>\"mbuf.h\"</include>\n",
                "static struct mbuf probe; fprintf(stderr, \"%zu\\n\", sizeof probe.m_len);");
        Run r = weave(a, tmp.resolve("forms"));
        assertEquals(0, r.exitCode(), r.err());
        String c = Files.readString(tmp.resolve("forms/woven.c"));
        assertTrue(c.contains("#line 2 \"" + a + "\"\n#include <stdio.h>\n"), c);
        assertTrue(c.contains("#include \"mbuf.h\"\n"), c);
    }

    @Test
    void aMissingHeaderIsReportedAtItsInclude() throws IOException {
        Path a = aspect("inc_missing", "  <include>stdio.h</include>\n  <include>no/such_header.h</include>\n",
                "fprintf(stderr, \"x\\n\");");
        Path out = tmp.resolve("missing");
        Run r = weave(a, out);
        assertEquals(ExitCode.INVALID_INPUT, r.exitCode(), r.err());
        assertTrue(r.err().contains(a + ":3:12: error: no/such_header.h: No such file or directory"), r.err());
        assertFalse(r.err().contains("woven.c"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void includeDirAddsAFolder() throws IOException {
        Path extra = Files.createDirectories(tmp.resolve("extra/sub"));
        Files.writeString(extra.resolve("klas_extra.h"), "#define KLAS_EXTRA_VALUE 42\n");
        Path a = aspect("inc_dir", "  <include>\"klas_extra.h\"</include>\n",
                "static volatile int v = KLAS_EXTRA_VALUE; (void) v;");
        Run without = weave(a, tmp.resolve("without"));
        assertEquals(ExitCode.INVALID_INPUT, without.exitCode(), without.err());
        assertTrue(without.err().contains(a + ":2:12: error: klas_extra.h: No such file or directory"), without.err());
        Run with = weave(a, tmp.resolve("with"), "--include-dir", extra.toString());
        assertEquals(0, with.exitCode(), with.err());
    }
}
