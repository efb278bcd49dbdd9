package dev.klas.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * threads.c: 8 threads call set_len() while another removes and re-inserts the hooks 1,000 times. No
 * crash; each of the 1,000 toggles changed set_len's bytes in memory (out, then back to the hooked bytes);
 * while toggling the advice never ran more often than the site was hit; with the hooks in it runs
 * exactly once per hit; after klas_unweave() set_len's bytes in memory equal objdump's.
 */
class ThreadsTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"-O0,INT3", "-O0,JUMP", "-O2,INT3", "-O2,JUMP"})
    void toggleUnderLoad(String opt, Site.Mechanism mechanism) {
        Fixture plain = Fixture.build(opt, true, false);
        Path so = HookLibrary.build(tmp, "hooks.so", List.of(new HookLibrary.Target("main",
                Fixture.buildId(plain.target()), List.of(Hooks.store(plain.target(), "set_len", mechanism, Site.Advice.COUNT)))));
        Run r = Run.of(plain.dir(), Map.of("LD_PRELOAD", so.toString()),
                List.of(plain.target().toString(), "threads", "1000")).ok();
        assertEquals("toggled 1000 of 1000", String.join(" ", line(r, "toggled")), "every unweave took the hook out"
                + " of set_len's bytes in memory and every reweave put it back");
        String[] toggling = line(r, "toggling hits");
        long hits = Long.parseLong(toggling[2]);
        long advice = Long.parseLong(toggling[4]);
        assertTrue(advice > 0 && advice <= hits, r.out());
        String[] last = line(r, "final hits");
        assertEquals(Long.parseLong(last[2]), Long.parseLong(last[4]), r.out());
        assertTrue(!r.out().contains("failed at") && r.err().lines().noneMatch(l -> l.startsWith("klas:")), r.err());

        ByteArrayOutputStream file = new ByteArrayOutputStream();
        new Disassembly(plain.target()).function("set_len").forEach(i -> file.writeBytes(i.bytes()));
        String memory = line(r, "bytes set_len")[2];
        String expected = HexFormat.of().formatHex(file.toByteArray());
        int n = Math.min(memory.length(), expected.length());
        assertTrue(n >= 32, expected);
        assertEquals(expected.substring(0, n), memory.substring(0, n));
    }

    /**
     * A thread blocked in read(2) at read_site+4 (strictly inside the displaced bytes) while the jump goes
     * in: the quiescing signal moves it to the trampoline's copy. Resuming at read_site+4 instead runs the
     * jmp's last byte and misdecodes what follows (by hand, with the move disabled: SIGSEGV).
     */
    @ParameterizedTest
    @CsvSource({"-O0", "-O2"})
    void threadInsideDisplacedBytesIsMoved(String opt) {
        Fixture plain = Fixture.build(opt, true, false);
        Site site = Hooks.entry(plain.target(), "read_site", Site.Mechanism.JUMP, false, Site.Advice.COUNT);
        assertEquals(3, site.displaced().size(), "xor, syscall, nop");
        Path so = HookLibrary.build(tmp, "hooks.so", List.of(new HookLibrary.Target("main",
                Fixture.buildId(plain.target()), List.of(site))));
        Run r = Run.of(plain.dir(), Map.of("LD_PRELOAD", so.toString()), List.of(plain.target().toString(), "blocked")).ok();
        assertEquals(0, r.number("reweave"), r.err());
        assertEquals(1, r.number("blocked read"), r.err());
    }

    /** KLAS_TOGGLE_SIGNAL (SIGUSR2): out after the first round of 10 calls, back in after the second. */
    @ParameterizedTest
    @CsvSource({"INT3", "JUMP"})
    void toggleSignal(Site.Mechanism mechanism) {
        Fixture plain = Fixture.build("-O2", true, false);
        Path so = HookLibrary.build(tmp, "hooks.so", List.of(new HookLibrary.Target("main",
                Fixture.buildId(plain.target()), List.of(Hooks.store(plain.target(), "set_len", mechanism, Site.Advice.COUNT)))));
        Run r = Run.of(plain.dir(), Map.of("LD_PRELOAD", so.toString()), List.of(plain.target().toString(), "signal")).ok();
        assertEquals(20, r.number("advice"), r.err());
    }

    private static String[] line(Run r, String prefix) {
        return r.out().lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError(r.out() + r.err())).split(" ");
    }
}
