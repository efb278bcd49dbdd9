package dev.klas.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SIGTRAPs that are not klas's (an int3 elsewhere, raise(SIGTRAP)) end the program as they do without klas. */
class ChainTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"int3", "raise"})
    void foreignTrapsReachThePreviousHandler(String mode) {
        Fixture plain = Fixture.build("-O2", true, false);
        Path so = HookLibrary.build(tmp, "hooks.so", List.of(new HookLibrary.Target("main",
                Fixture.buildId(plain.target()), List.of(Hooks.store(plain.target(), "set_len", Site.Mechanism.INT3, Site.Advice.COUNT)))));
        Run without = Run.of(plain.dir(), List.of(plain.target().toString(), mode));
        Run with = Run.of(plain.dir(), Map.of("LD_PRELOAD", so.toString()), List.of(plain.target().toString(), mode));
        assertEquals(128 + 5, without.exit(), "SIGTRAP's default action: " + without);
        assertEquals(without.exit(), with.exit(), with.err());
    }
}
