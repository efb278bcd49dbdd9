package dev.klas.advice.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The test-bed console log cut at run-vm's markers (testbed/README.md), on a log written here. */
class VmRunTest {
    private static final VmRun RUN = new VmRun(0, """
            booting
            ===== KLAS-TESTBED SCRIPT BEGIN =====
            == on
            count a=3
            == klas_x output
              klas_x: hook 0 f+0x4 (x.c:3) hits 7
            exit 0
            == end
            ===== KLAS-TESTBED SCRIPT END (exit 0) =====
            ===== KLAS-TESTBED DMESG BEGIN =====
            [    0.100000] early line
            [    1.000000] KLAS-PHASE on
            [    1.500000] klas_m: hook 0 f+0x4 (x.c:3) hits 2
            [    1.600000] klas_m: hook 1 g+0x8 (x.c:3) hits 5
            [    1.700000] klas_m: aspect a runs 7 returns 0
            [    2.000000] Oops: 0002 [#1] SMP
            ===== KLAS-TESTBED DMESG END =====
            """);

    @Test
    void scriptSectionsAndDmesgPhasesAreCutAtTheirMarkers() {
        assertEquals(List.of("klas_x: hook 0 f+0x4 (x.c:3) hits 7", "exit 0"), RUN.section("klas_x output"));
        assertEquals(Map.of("a", 3L), RUN.counts("on"));
        assertThrows(AssertionError.class, () -> RUN.counts("end"));
        assertEquals(List.of("early line"), RUN.phase("load"));
        assertEquals(5, RUN.phase("on").size());
        assertEquals("KLAS-PHASE on", RUN.phase("on").get(0));
    }

    @Test
    void hitLinesOfModulesAndLoadersAreRead() throws Exception {
        assertEquals(Map.of("f+0x4", 2L, "g+0x8", 5L), RUN.hits("klas_m"));
        assertEquals(Map.of("x.c:3", 7L), RUN.hitsByLine("klas_m"));
        assertEquals(Map.of("f+0x4", 7L), VmRun.hits("klas_x", RUN.section("klas_x output")));
        assertEquals(Optional.of(7L), RUN.runs("klas_m", "a"));
        assertEquals(List.of("Oops: 0002 [#1] SMP"), RUN.kernelErrors());
    }
}
