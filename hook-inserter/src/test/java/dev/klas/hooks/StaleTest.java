package dev.klas.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A table made for another build is refused: one line on stderr, nothing patched, the program runs normally. */
class StaleTest {
    @TempDir
    Path tmp;

    @Test
    void rebuiltBinaryIsRefusedByBuildId() {
        Fixture old = Fixture.build("-O2", true, false);
        Path so = HookLibrary.build(tmp, "hooks.so", List.of(new HookLibrary.Target("main", Fixture.buildId(old.target()),
                List.of(Hooks.store(old.target(), "set_len", Site.Mechanism.INT3, Site.Advice.COUNT)))));
        Fixture rebuilt = Fixture.build("-O2", true, false, "-DSTALE_CHANGE=1");
        Run r = Run.of(rebuilt.dir(), Map.of("LD_PRELOAD", so.toString()), List.of(rebuilt.target().toString(), "count", "300")).ok();
        List<String> klas = r.err().lines().filter(l -> l.startsWith("klas:")).toList();
        assertEquals(1, klas.size(), r.err());
        assertTrue(klas.get(0).contains("refusing to patch") && klas.get(0).contains("build-id"), klas.get(0));
        assertEquals(0, r.number("advice"));
    }

    @Test
    void differentBytesAreRefusedWithoutBuildId() {
        Fixture old = Fixture.build("-O0", false, false);
        Site store = Hooks.store(old.target(), "set_len", Site.Mechanism.JUMP, Site.Advice.COUNT);
        Site entry = Hooks.entry(old.target(), "reset", Site.Mechanism.INT3, false, Site.Advice.COUNT);
        Path so = HookLibrary.build(tmp, "hooks.so", List.of(new HookLibrary.Target("main", new byte[0], List.of(entry, store))));
        Fixture rebuilt = Fixture.build("-O0", false, false, "-DSTALE_CHANGE=1");
        Run r = Run.of(rebuilt.dir(), Map.of("LD_PRELOAD", so.toString()), List.of(rebuilt.target().toString(), "count", "300")).ok();
        List<String> klas = r.err().lines().filter(l -> l.startsWith("klas:")).toList();
        assertEquals(1, klas.size(), r.err());
        assertTrue(klas.get(0).contains("bytes") && klas.get(0).contains("nothing patched"), klas.get(0));
        assertEquals(0, r.number("advice"), "the valid first site must not have been patched either");
    }
}
