package dev.klas.advice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.schema.Aspect;
import dev.klas.schema.AspectLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Includes: what may reach an #include line of generated C, and the message with the aspect's position otherwise. */
class IncludesTest {

    @Test
    void plainHeadersPassAndAnythingElseIsAnErrorAtTheAspect(@TempDir Path dir) throws Exception {
        // Each include: accepted, or refused (a statement after it, a space and a call, a macro, an empty name; newlines are refused earlier, by the XSD).
        String xml = "<aspects>\n"
                + "<aspect name=\"a\">\n"
                + "  <include>&lt;linux/skbuff.h&gt;</include>\n"
                + "  <include>\"my-file+1.h\"</include>\n"
                + "  <include>\"x.h\";int evil</include>\n"
                + "  <include>&lt;stdio.h&gt; system(\"id\")</include>\n"
                + "  <include>HEADER</include>\n"
                + "  <include>&lt;&gt;</include>\n"
                + "  <pointcut expr=\"set(mbuf.m_len)\"/>\n"
                + "  <advice-before>(void)0;</advice-before>\n"
                + "</aspect>\n"
                + "</aspects>\n";
        Path file = dir.resolve("inc.xml");
        Files.writeString(file, xml);
        List<Aspect> aspects = AspectLoader.load(file);
        List<Map<String, Object>> out = new ArrayList<>();
        List<Diagnostic> problems = new ArrayList<>();
        Includes.add(aspects.get(0), out, problems);
        assertEquals(List.of(Map.of("text", "<linux/skbuff.h>"), Map.of("text", "\"my-file+1.h\"")), out);
        assertEquals(4, problems.size(), problems.toString());
        for (Diagnostic d : problems) {
            assertEquals(Diagnostic.Severity.ERROR, d.severity());
            assertEquals(2, d.position().line(), d.toString());
            assertTrue(d.message().startsWith("include \"") && d.message().contains("is not <path> or \"path\""),
                    d.message());
            assertTrue(!d.message().contains("\n"), "one line per message: " + d.message());
        }
    }
}
