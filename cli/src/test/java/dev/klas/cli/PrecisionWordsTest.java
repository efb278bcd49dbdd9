package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * resolve and weave describe a join point with the same word (ACCESS, CALL, ENTRY, LINE), and weave --format json
 * gives each hook as an object, not a tab-joined line.
 */
class PrecisionWordsTest {
    @Test
    void resolveAndWeaveAgree(@TempDir Path tmp) throws Exception {
        Sample sample = Sample.make(tmp);
        String pointcut = "execution(m_get) || call(m_free) || set(mbuf.m_len) || fp-call(fileops.*)";
        Run r = Run.klas("resolve", "--db", sample.db().toString(), "--binary", sample.o2().toString(), "--format",
                "json", pointcut);
        assertEquals(0, r.exitCode(), r.err());
        Map<String, String> resolved = new TreeMap<>();
        for (JsonNode shadow : new ObjectMapper().readTree(r.out())) {
            for (JsonNode jp : shadow.get("joinPoints")) {
                long off = jp.get("offset").asLong();
                resolved.put(jp.get("symbol").asText() + (off == 0 ? "" : "+0x" + Long.toHexString(off)),
                        jp.get("precision").asText());
            }
        }
        assertTrue(resolved.containsValue("ENTRY") && resolved.containsValue("CALL") && resolved.containsValue("ACCESS"),
                resolved.toString());
        Path aspect = Files.writeString(tmp.resolve("a.xml"), "<aspect name=\"words\"><pointcut expr=\"" + pointcut
                + "\"/><advice-before>(void)0;</advice-before></aspect>");
        Run w = Run.klas("weave", "--aspect", aspect.toString(), "--binary", sample.o2().toString(), "--db",
                sample.db().toString(), "--target", "userspace", "--out", tmp.resolve("out").toString(), "--format",
                "json");
        assertEquals(0, w.exitCode(), w.err());
        JsonNode report = new ObjectMapper().readTree(w.out());
        Set<String> seen = new TreeSet<>();
        for (JsonNode hook : report.get("hooks")) {
            assertTrue(hook.isObject(), hook.toString());
            String location = hook.get("location").asText();
            assertEquals(resolved.get(location), hook.get("precision").asText(), location);
            seen.add(location);
        }
        assertEquals(resolved.keySet(), seen);
        assertEquals(report.get("hooks").size(), report.get("accessPrecise").asInt() + report.get("linePrecise").asInt());
    }
}
