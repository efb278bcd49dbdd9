package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code joinpoints.json} that {@code klas weave} leaves for {@code klas report} (docs/report.md), checked against
 * objdump: each access-precise join point's address holds an instruction with the recorded operand, and the hooked
 * addresses are plan.json's.
 */
class JoinPointsFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void accessOperandsAreObjdumpsAtTheirAddresses() throws Exception {
        Sample s = Sample.make(tmp);
        Path woven = tmp.resolve("woven");
        Run w = Run.klas("weave", "--binary", s.o2().toString(), "--db", s.db().toString(), "--target", "userspace",
                "--out", woven.toString(), "--aspect", Run.repo().resolve("samples/aspects/log_reset_len.xml").toString());
        assertEquals(0, w.exitCode(), w.err());
        JsonNode log = JSON.readTree(woven.resolve("joinpoints.json").toFile());
        assertEquals(Run.repo().resolve("samples/mbuf-user").toString(), log.get("sourceRoot").asText());
        Set<String> planned = new HashSet<>();
        JSON.readTree(woven.resolve("plan.json").toFile()).get("hooks").forEach(h -> planned.add(h.get("vaddr").asText()));
        Set<String> hooked = new HashSet<>();
        int access = 0;
        for (JsonNode j : log.get("joinPoints")) {
            assertEquals("hooked", j.get("outcome").asText(), j.toString());
            hooked.add(j.get("address").asText());
            if (!j.get("precision").asText().equals("ACCESS")) {
                continue;
            }
            access++;
            long at = Long.decode(j.get("address").asText());
            String dump = Tools.run(tmp, "objdump", "-d", "--no-show-raw-insn", "--start-address=" + at,
                    "--stop-address=" + (at + 16), s.o2().toString());
            java.util.regex.Matcher first = java.util.regex.Pattern.compile("(?m)^\\s+" + Long.toHexString(at)
                    + ":\\s+(.*)$").matcher(dump);
            assertTrue(first.find(), dump);
            String operand = j.get("operand").asText().replaceAll(" \\(member at offset \\d+\\)$", "");
            assertTrue(first.group(1).contains(operand), "objdump at " + j.get("address").asText() + ": "
                    + first.group(1) + ", the log says " + operand);
            assertTrue(dump.contains("<" + j.get("symbol").asText() + (j.get("offset").asLong() == 0 ? ""
                    : "+0x" + Long.toHexString(j.get("offset").asLong())) + ">:"), dump);
        }
        java.util.regex.Matcher exact = java.util.regex.Pattern.compile("\\((\\d+) exact").matcher(w.err());
        assertTrue(exact.find(), w.err());
        assertTrue(access > 0);
        assertEquals(Integer.parseInt(exact.group(1)), access, "as many ACCESS entries as klas weave says are exact");
        assertEquals(planned, hooked);
        assertEquals(List.of("mbuf.c", "mbuf.h", "fileops.c").stream().sorted().toList(),
                log.get("joinPoints").findValuesAsText("file").stream().distinct().sorted().toList());
    }
}
