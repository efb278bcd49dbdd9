package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klas.schema.Pointcut;
import dev.klas.schema.PointcutParser;
import dev.klas.symbols.Shadow;
import dev.klas.weaver.Weaver;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * klas structs, query --explain and query --count on samples/mbuf-user. The oracles: the SQL match itself for
 * --explain (the Java evaluation of the AST must agree with it on every shadow of the table, in both directions),
 * and plain query output, grouped here, for the counts.
 */
class DiscoveryCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVERYTHING = "field-access(*.*) || call(*) || execution(*)";

    @TempDir
    static Path tmp;
    static Sample sample;

    @BeforeAll
    static void build() {
        sample = Sample.make(tmp);
    }

    @ParameterizedTest
    @ValueSource(strings = {"set(mbuf.m_len)", "set(mbuf.m_len) && within(\"mbuf.c\")",
        "field-access(mbuf.m_*) && !within(\"*.h\")", "get(*.m_len) || fp-call(fileops.*)",
        "call(m_free) && withincode(m_*)", "execution(m_?et)", "line(\"mbuf.c\":22)", "!call(*) && withincode(main)"})
    void explainAgreesWithTheSqlOnEveryShadow(String text) throws Exception {
        Pointcut p = PointcutParser.parse(text);
        List<Shadow> all = Weaver.match(sample.db(), PointcutParser.parse(EVERYTHING));
        List<Shadow> matched = Weaver.match(sample.db(), p);
        assertFalse(all.isEmpty());
        for (Shadow s : all) {
            assertEquals(matched.contains(s), Explain.why(p, s).isPresent(), text + " on " + Query.text(s));
        }
    }

    @Test
    void explainNamesSelectorAndRestriction() throws Exception {
        Run r = Run.klas("query", "--db", sample.db().toString(), "--explain", "set(mbuf.m_len) && within(\"mbuf.c\")");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("mbuf.c:"), r.out());
        assertTrue(lines.get(1).startsWith("    selector set(mbuf.m_len): FIELD_"), r.out());
        assertTrue(lines.get(2).equals("    restriction within(\"mbuf.c\"): in file mbuf.c"), r.out());
        JsonNode json = JSON.readTree(Run.klas("query", "--db", sample.db().toString(), "--explain", "--format", "json",
                "fp-call(fileops.fo_read)").out());
        assertEquals(1, json.size());
        assertTrue(json.get(0).get("why").get(0).asText().startsWith("selector fp-call(fileops.fo_read)"), json.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"member", "file"})
    void countsGroupTheQueryRows(String by) throws Exception {
        String pc = "field-access(mbuf.*) || fp-call(*.*)";
        JsonNode rows = JSON.readTree(Run.klas("query", "--db", sample.db().toString(), "--format", "json", pc).out());
        Map<String, Long> want = new TreeMap<>();
        rows.forEach(n -> want.merge(by.equals("file") ? n.get("file").asText()
                : n.get("struct").asText() + "." + n.get("member").asText(), 1L, Long::sum));
        Run r = Run.klas("query", "--db", sample.db().toString(), "--count-by", by, "--format", "json", pc);
        assertEquals(0, r.exitCode(), r.err());
        JsonNode counts = JSON.readTree(r.out());
        Map<String, Long> got = new TreeMap<>();
        counts.get("counts").forEach(n -> got.put(n.get(by).asText(), n.get("count").asLong()));
        assertEquals(want, got);
        assertEquals(rows.size(), counts.get("total").asInt());
        Run text = Run.klas("query", "--db", sample.db().toString(), "--count", pc);
        assertTrue(text.out().endsWith(rows.size() + "\ttotal\n"), text.out());
    }

    @Test
    void structsCountsEqualTheQueries() throws Exception {
        String db = sample.db().toString();
        JsonNode members = JSON.readTree(Run.klas("structs", "--db", db, "--format", "json", "mbuf").out());
        assertTrue(members.size() > 1, members.toString());
        for (JsonNode m : members) {
            assertEquals("mbuf", m.get("struct").asText());
            String sm = "mbuf." + m.get("member").asText();
            List<Shadow> sets = Weaver.match(sample.db(), PointcutParser.parse("set(" + sm + ")"));
            List<Shadow> any = Weaver.match(sample.db(), PointcutParser.parse("field-access(" + sm + ")"));
            assertEquals(sets.size(), m.get("writes").asInt(), sm);
            assertEquals(any.size(), m.get("shadows").asInt(), sm);
            List<String> files = any.stream().map(Shadow::file).distinct().sorted().toList();
            List<String> listed = JSON.convertValue(m.get("files"), JSON.getTypeFactory()
                    .constructCollectionType(List.class, String.class));
            assertEquals(files, listed, sm);
        }
        Run text = Run.klas("structs", "--db", db, "mbuf.m_len");
        assertEquals(0, text.exitCode(), text.err());
        List<String> lines = text.out().lines().toList();
        assertEquals("struct mbuf", lines.get(0));
        assertTrue(lines.get(1).trim().startsWith("m_len "), text.out());
        assertEquals(2, lines.size(), text.out());
        Run bad = Run.klas("structs", "--db", db, "9bad");
        assertEquals(ExitCode.INVALID_INPUT, bad.exitCode(), bad.err());
        assertEquals("", Run.klas("structs", "--db", db, "no_such_struct").out());
    }

}
