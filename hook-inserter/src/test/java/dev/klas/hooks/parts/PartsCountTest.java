package dev.klas.hooks.parts;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Interposed call counts of samples/libgreet against two independent oracles: the service's own counters
 * and an LD_AUDIT library (la_pltenter) counting the same run without klas; lazily bound and with
 * LD_BIND_NOW (then only the service's counters: glibc's la_pltenter sees lazily bound slots only).
 */
class PartsCountTest {
    private static final String SELECT = "main|libgreet*|greet*;libgreet*|main|service_note";

    @ParameterizedTest
    @ValueSource(strings = { "", "1" })
    void profileCountsEqualServiceAndAuditCounts(String bindNow) throws IOException {
        Path dump = Files.createTempFile(PartsFixture.DIR, "profile", ".json");
        Map<String, String> env = new HashMap<>(Map.of("KLAS_PARTS", SELECT, "KLAS_PROFILE", "1", "KLAS_PARTS_DUMP",
                dump.toString()));
        if (!bindNow.isEmpty()) {
            env.put("LD_BIND_NOW", bindNow);
        }
        String stats = run(env);
        long calls = field(stats, "calls"), notes = field(stats, "notes");
        assertEquals(2 * 2 * 20000, calls, stats);
        String prof = Files.readString(dump);
        assertEquals(calls / 2, Json.calls(prof, "greet"), prof);
        assertEquals(calls / 2, Json.calls(prof, "greet_pair"), prof);
        assertEquals(notes, Json.calls(prof, "service_note"), prof);

        if (!bindNow.isEmpty()) {
            return; // glibc calls la_pltenter only for lazily bound PLT slots: no audit oracle with LD_BIND_NOW
        }
        Path audit = Files.createTempFile(PartsFixture.DIR, "audit", ".txt");
        Map<String, String> plain = Map.of("LD_PRELOAD", "", "LD_AUDIT",
                PartsFixture.path("greet/libaudit.so").toString(), "AUDIT_OUT", audit.toString());
        assertEquals(stats, run(plain));
        String counted = Files.readString(audit);
        assertEquals(calls / 2, field(counted, "greet"), counted);
        assertEquals(calls / 2, field(counted, "greet_pair"), counted);
    }

    private static String run(Map<String, String> env) {
        try (PartsProcess p = new PartsProcess(env, List.of("greet/service", "2", "20000"))) {
            String stats = p.expect("calls=");
            assertEquals(0, p.quit());
            return stats;
        } catch (UncheckedIOException e) {
            throw new AssertionError(e);
        }
    }

    private static long field(String text, String name) {
        Matcher m = Pattern.compile("(?:^|\\s)" + name + "=(\\d+)").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no " + name + "= in " + text);
        }
        return Long.parseLong(m.group(1));
    }
}
