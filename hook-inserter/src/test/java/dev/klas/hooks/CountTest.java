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
 * The advice fires exactly as often as the target counts its own accesses (-DKLAS_ORACLE build, same
 * arguments): in the executable (PIE and not), a shared object it links, and one it dlopens twice.
 */
class CountTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"-O0,INT3,true", "-O0,JUMP,true", "-O2,INT3,true", "-O2,JUMP,true",
                "-O0,INT3,false", "-O0,JUMP,false", "-O2,INT3,false", "-O2,JUMP,false"})
    void executable(String opt, Site.Mechanism mechanism, boolean pie) {
        Fixture plain = Fixture.build(opt, pie, false);
        Fixture oracle = Fixture.build(opt, pie, true);
        Site store = Hooks.store(plain.target(), "set_len", mechanism, Site.Advice.COUNT);
        Site entry = Hooks.entry(plain.target(), "reset", mechanism, false, Site.Advice.COUNT);
        Path so = HookLibrary.build(tmp, "hooks.so", List.of(
                new HookLibrary.Target("main", Fixture.buildId(plain.target()), List.of(store, entry))));
        Run expected = Run.of(oracle.dir(), List.of(oracle.target().toString(), "count", "5000")).ok();
        Run hooked = Run.of(plain.dir(), Map.of("LD_PRELOAD", so.toString()),
                List.of(plain.target().toString(), "count", "5000")).ok();
        assertTrue(expected.number("oracle set_len") > 1000, expected.out());
        assertEquals(expected.number("oracle set_len"), site(hooked, 0), hooked.err());
        assertEquals(expected.number("oracle reset"), site(hooked, 1), hooked.err());
        assertEquals(site(hooked, 0) + site(hooked, 1), hooked.number("advice"));
    }

    @ParameterizedTest
    @CsvSource({"-O0,INT3", "-O0,JUMP", "-O2,INT3", "-O2,JUMP"})
    void sharedObjectAndDlopen(String opt, Site.Mechanism mechanism) {
        Fixture plain = Fixture.build(opt, true, false);
        Fixture oracle = Fixture.build(opt, true, true);
        Path so = HookLibrary.build(tmp, "hooks.so", List.of(
                new HookLibrary.Target("libtouch.so", Fixture.buildId(plain.libtouch()),
                        List.of(Hooks.store(plain.libtouch(), "lib_touch", mechanism, Site.Advice.COUNT))),
                new HookLibrary.Target("*/libplug.so", Fixture.buildId(plain.libplug()),
                        List.of(Hooks.store(plain.libplug(), "plug_touch", mechanism, Site.Advice.COUNT)))));
        Map<String, String> env = Map.of("LD_PRELOAD", so.toString());
        Run libExpected = Run.of(oracle.dir(), List.of(oracle.target().toString(), "lib", "3000")).ok();
        Run lib = Run.of(plain.dir(), env, List.of(plain.target().toString(), "lib", "3000")).ok();
        assertEquals(libExpected.number("oracle lib_touch"), site(lib, 0), lib.err());

        List<String> dl = List.of(oracle.target().toString(), "dlopen", oracle.libplug().toString(), "2000");
        Run plugExpected = Run.of(oracle.dir(), dl).ok();
        Run plug = Run.of(plain.dir(), env, List.of(plain.target().toString(), "dlopen", plain.libplug().toString(), "2000")).ok();
        assertEquals(plugExpected.number("oracle plug_touch"), site(plug, 1), plug.err());
        assertEquals(0, site(plug, 0), "lib_touch not called in dlopen mode");
    }

    /** "site N count C" as the hook library prints at exit; 0 when absent. */
    static long site(Run r, int n) {
        return r.err().lines().filter(l -> l.startsWith("site " + n + " count ")).findFirst()
                .map(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).orElse(0L);
    }
}
