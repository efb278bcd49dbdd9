package dev.klas.hooks.parts;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Before/after advice from a klas_parts_table (parts/advice.c, the generator's contract): the advice sees
 * and changes the argument registers and the return value. Oracle: the fixture's printed sums.
 */
class PartsAdviceTest {
    @Test
    void adviceChangesArgumentsAndReturnValues() {
        Map<String, String> env = Map.of("LD_PRELOAD", PartsFixture.path("libklas-advice.so").toString());
        try (PartsProcess p = new PartsProcess(env, List.of("parts_main", "count", "100"))) {
            // sum of pb_add(i, 1) for i < 100 is 5050; the before-advice turns pb_add(5, 1) into pb_add(6, 1)
            assertEquals("count 100 sum 5051", p.expect("count"));
            p.expect("waiting");
            assertEquals(0, p.quit());
            assertEquals("advice before=100 after=100 retsum=5051 caller=main callee=libpartb.so", p.expect("advice"));
        }
        try (PartsProcess p = new PartsProcess(env, List.of("parts_main", "version"))) {
            p.expect("ready");
            p.send("v");
            assertEquals("version 42", p.expect("version"), "after-advice replaced the return value 1");
            assertEquals(0, p.quit());
            assertEquals("advice before=1 after=1 retsum=1 caller=main callee=libpartb.so", p.expect("advice"));
        }
    }
}
