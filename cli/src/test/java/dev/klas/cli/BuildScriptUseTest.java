package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What build scripts rely on: --format json results, --quiet, no escape sequences when not on a terminal. */
class BuildScriptUseTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Sample sample;

    @BeforeAll
    static void build() {
        sample = Sample.make(tmp);
    }

    @Test
    void validateJson() throws Exception {
        Path aspect = Run.repo().resolve("samples/aspects/set_m_len.xml");
        Run ok = Run.klas("validate", "--format", "json", aspect.toString());
        assertEquals(0, ok.exitCode(), ok.err());
        JsonNode n = JSON.readTree(ok.out());
        assertTrue(n.get("valid").asBoolean());
        assertEquals("set_m_len", n.get("aspects").get(0).get("name").asText());
        assertEquals(1, n.get("aspects").get(0).get("before").asInt());
        Path broken = Files.writeString(tmp.resolve("broken.xml"), "<aspect name=\"b\">\n"
                + "  <pointcut expr=\"set(mbuf.)\"/>\n  <advice-before>x();</advice-before>\n</aspect>\n");
        Run bad = Run.klas("validate", "--format", "json", broken.toString());
        assertEquals(ExitCode.INVALID_INPUT, bad.exitCode());
        JsonNode e = JSON.readTree(bad.out()).get("errors").get(0);
        assertEquals(broken.toString(), e.get("file").asText());
        assertEquals(2, e.get("line").asInt());
        assertTrue(e.get("column").asInt() > 1, e.toString());
    }

    @Test
    void extractJsonAndQuiet() throws Exception {
        Path sampleDir = Run.repo().resolve("samples/mbuf-user");
        Run r = Run.klas("extract", "--format", "json", "--compile-commands",
                sample.build().resolve("compile_commands.json").toString(), "--root", sampleDir.toString(), "--db",
                sample.db().toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode n = JSON.readTree(r.out());
        assertEquals(3, n.get("units").asInt());
        assertEquals(3, n.get("upToDate").asInt());
        Run quiet = Run.klas("-q", "resolve", "--db", sample.db().toString(), "--binary", sample.o2().toString(),
                "set(mbuf.m_len)");
        Run loud = Run.klas("resolve", "--db", sample.db().toString(), "--binary", sample.o2().toString(),
                "set(mbuf.m_len)");
        assertEquals(loud.out(), quiet.out());
        assertEquals("", quiet.err());
        assertTrue(loud.err().contains("join points"), loud.err());
    }

    @Test
    void weaveJson() throws Exception {
        Run r = Run.klas("weave", "--format", "json", "--aspect",
                Run.repo().resolve("samples/aspects/set_m_len.xml").toString(), "--binary", sample.o2().toString(),
                "--db", sample.db().toString(), "--target", "userspace", "--out", tmp.resolve("woven").toString());
        assertTrue(r.exitCode() == 0 || r.exitCode() == ExitCode.PARTIAL, r.err());
        JsonNode n = JSON.readTree(r.out());
        assertTrue(n.get("shadows").asInt() > 0, r.out());
        assertEquals(n.get("hooks").size(), n.get("accessPrecise").asInt() + n.get("linePrecise").asInt());
        assertEquals(r.exitCode() == ExitCode.PARTIAL, n.get("refused").size() + n.get("unresolved").size() > 0);
        assertTrue(Files.isRegularFile(tmp.resolve("woven/plan.json")));
    }

    @Test
    void linesJsonCarriesTheTextListing() throws Exception {
        Run text = Run.klas("lines", "--binary", sample.o2().toString(), "m_append");
        Run json = Run.klas("lines", "--format", "json", "--binary", sample.o2().toString(), "m_append");
        assertEquals(0, json.exitCode(), json.err());
        JsonNode n = JSON.readTree(json.out());
        assertEquals("m_append", n.get("function").asText());
        assertTrue(text.out().startsWith("<m_append@"), text.out());
        StringBuilder want = new StringBuilder();
        text.out().lines().skip(1).map(String::trim).filter(l -> l.matches("\\d+\\s+0x.*"))
                .forEach(l -> want.append(l.split("\\s+")[0]).append(' ').append(l.split("\\s+")[1]).append('\n'));
        StringBuilder got = new StringBuilder();
        n.get("lines").forEach(l -> {
            StringBuilder a = new StringBuilder();
            l.get("addresses").forEach(x -> a.append(a.length() == 0 ? "" : ",").append(x.asText()));
            got.append(l.get("line").asInt()).append(' ').append(a).append('\n');
        });
        assertTrue(want.length() > 0);
        assertEquals(want.toString(), got.toString());
    }

    @Test
    void noEscapeSequencesOffTerminal() {
        for (String[] args : new String[][] {{"--help"}, {"structs", "--help"}, {"export", "--help"},
            {"structs", "--db", "x"}}) {
            Run r = Run.klas(args);
            assertFalse((r.out() + r.err()).contains("\u001b["), String.join(" ", args));
        }
    }
}
