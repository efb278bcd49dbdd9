package dev.klas.advice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.schema.Aspect;
import dev.klas.schema.AspectLoader;
import dev.klas.schema.InvalidAspectException;
import dev.klas.schema.SourcePosition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Includes: what may reach an #include line of generated C (anything else is refused when the aspect is loaded, at
 * the include's line), each behind a #line naming its {@code <include>}, and gcc's messages on it moved there.
 */
class IncludesTest {

    @Test
    void plainHeadersPassWithTheirPositions(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("inc.xml"), "<aspect name=\"a\">\n"
                + "  <include>&lt;linux/skbuff.h&gt;</include>\n"
                + "  <include>\"my-file+1.h\"</include>\n"
                + "  <include>  linux/tcp.h </include>\n"
                + "  <pointcut expr=\"set(mbuf.m_len)\"/>\n"
                + "  <advice-before>(void)0;</advice-before>\n"
                + "</aspect>\n");
        Aspect a = AspectLoader.load(file).get(0);
        List<Map<String, Object>> out = new ArrayList<>();
        Includes.add(a, out);
        assertEquals(List.of("<linux/skbuff.h>", "\"my-file+1.h\"", "<linux/tcp.h>"),
                out.stream().map(m -> m.get("text")).toList());
        assertEquals(List.of(2, 3, 4), out.stream().map(m -> m.get("line")).toList());
        Diagnostic gcc = new Diagnostic(new SourcePosition(file.toString(), 4, 10), Diagnostic.Severity.ERROR,
                "linux/tcp.h: No such file or directory");
        Diagnostic other = new Diagnostic(new SourcePosition(file.toString(), 6, 18), Diagnostic.Severity.ERROR, "x");
        assertEquals(List.of(new SourcePosition(file.toString(), 4, 14), other.position()),
                Includes.atIncludes(List.of(gcc, other), List.of(a)).stream().map(Diagnostic::position).toList());
    }

    @Test
    void anythingElseIsRefusedAtItsLine(@TempDir Path dir) throws Exception {
        // a statement after it, a space and a call, an empty name; newlines are refused by the same pattern
        Path file = Files.writeString(dir.resolve("bad.xml"), "<aspect name=\"a\">\n"
                + "  <include>\"x.h\";int evil</include>\n"
                + "  <include>&lt;stdio.h&gt; system(\"id\")</include>\n"
                + "  <include>&lt;&gt;</include>\n"
                + "  <pointcut expr=\"set(mbuf.m_len)\"/>\n"
                + "  <advice-before>(void)0;</advice-before>\n"
                + "</aspect>\n");
        InvalidAspectException e = assertThrows(InvalidAspectException.class, () -> AspectLoader.load(file));
        for (int line : List.of(2, 3, 4)) {
            assertTrue(e.getMessage().contains(file + ":" + line + ":"), e.getMessage());
        }
    }
}
