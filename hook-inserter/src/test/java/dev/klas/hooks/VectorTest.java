package dev.klas.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * vec.S keeps ymm0..ymm15 live across the hook at vec_site; the advice clobbers them (memcpy, snprintf and
 * explicit vpcmpeqd/vmovdqa). The XSAVE path and int3 (the kernel saves the signal frame's FP state) keep
 * them; the lean path, which is only for advice that keeps to general registers, does not (the control
 * that shows the check can fail).
 */
class VectorTest {
    @TempDir
    Path tmp;
    Fixture plain;

    @BeforeEach
    void build() {
        plain = Fixture.build("-O2", true, false);
    }

    private String run(Site.Mechanism mechanism, boolean vector) {
        Site site = Hooks.entry(plain.target(), "vec_site", mechanism, vector, Site.Advice.CLOBBER);
        Path so = HookLibrary.build(tmp, "hooks-" + mechanism + vector + ".so", List.of(
                new HookLibrary.Target("main", Fixture.buildId(plain.target()), List.of(site))));
        Run r = Run.of(plain.dir(), Map.of("LD_PRELOAD", so.toString()), List.of(plain.target().toString(), "vector"));
        assertEquals(1, CountTest.site(r, 0), "the advice ran once: " + r.err());
        return r.out();
    }

    @Test
    void xsavePathKeepsVectorState() {
        assertTrue(run(Site.Mechanism.JUMP, true).contains("vector intact"));
    }

    @Test
    void int3KeepsVectorState() {
        assertTrue(run(Site.Mechanism.INT3, false).contains("vector intact"));
    }

    /** Six patterns of CF PF AF ZF SF OF survive a hook whose advice changes the flags (lock add). */
    @ParameterizedTest
    @CsvSource({"INT3,false,COUNT", "JUMP,false,COUNT", "JUMP,true,COUNT", "JUMP,false,LIGHT_COUNT"})
    void statusFlagsSurvive(Site.Mechanism mechanism, boolean vector, Site.Advice advice) {
        Site site = Hooks.entry(plain.target(), "flags_site", mechanism, vector, advice);
        Path so = HookLibrary.build(tmp, "flags.so", List.of(
                new HookLibrary.Target("main", Fixture.buildId(plain.target()), List.of(site))));
        Run r = Run.of(plain.dir(), Map.of("LD_PRELOAD", so.toString()), List.of(plain.target().toString(), "flags"));
        assertEquals(6, CountTest.site(r, 0), r.err());
        assertTrue(r.out().contains("flags intact"), r.out());
    }

    /** Every general register but rsp survives advice that overwrites all the registers a call may clobber. */
    @ParameterizedTest
    @CsvSource({"INT3,false,SCRAMBLE", "JUMP,false,SCRAMBLE", "JUMP,true,SCRAMBLE", "JUMP,false,LIGHT_SCRAMBLE"})
    void generalRegistersSurvive(Site.Mechanism mechanism, boolean vector, Site.Advice advice) {
        Site site = Hooks.entry(plain.target(), "regs_site", mechanism, vector, advice);
        Path so = HookLibrary.build(tmp, "regs.so", List.of(
                new HookLibrary.Target("main", Fixture.buildId(plain.target()), List.of(site))));
        Run r = Run.of(plain.dir(), Map.of("LD_PRELOAD", so.toString()), List.of(plain.target().toString(), "regs"));
        assertEquals(1, CountTest.site(r, 0), r.err());
        assertTrue(r.out().contains("regs intact"), r.out());
    }

    @Test
    void leanPathWithClobberingAdviceIsDetected() {
        assertTrue(run(Site.Mechanism.JUMP, false).contains("vector CORRUPTED"));
    }
}
