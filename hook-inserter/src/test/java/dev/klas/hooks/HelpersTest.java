package dev.klas.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * klas_pid equals the pid the program prints, klas_comm its name, klas_now_ns never goes back, and
 * klas_printf formats like glibc's snprintf (the advice prints both for the same format and values).
 */
class HelpersTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"INT3,false", "JUMP,true"})
    void helpersAgreeWithLibc(Site.Mechanism mechanism, boolean vector) {
        Fixture plain = Fixture.build("-O2", true, false);
        Site entry = Hooks.entry(plain.target(), "reset", mechanism, vector, Site.Advice.HELPERS);
        Path so = HookLibrary.build(tmp, "hooks.so", List.of(new HookLibrary.Target("main",
                Fixture.buildId(plain.target()), List.of(entry))));
        Run r = Run.of(plain.dir(), Map.of("LD_PRELOAD", so.toString()), List.of(plain.target().toString(), "count", "50")).ok();
        List<String> helpers = r.err().lines().filter(l -> l.startsWith("helpers ")).toList();
        List<String> formatted = r.err().lines().filter(l -> l.startsWith("libc ")).toList();
        assertEquals(CountTest.site(r, 0), helpers.size(), r.err());
        assertTrue(helpers.size() >= 5, r.err());
        assertEquals(2 * helpers.size(), formatted.size(), r.err());
        long last = 0;
        for (int i = 0; i < helpers.size(); i++) {
            String[] h = helpers.get(i).split(" ");
            assertEquals(r.number("pid"), Long.parseLong(h[2]));
            assertEquals("target", h[4]);
            long now = Long.parseUnsignedLong(h[6]);
            assertTrue(now >= last, "monotonic: " + helpers);
            last = now;
            assertEquals(formatted.get(2 * i + 1), formatted.get(2 * i), "klas_printf vs snprintf");
        }
    }
}
