package dev.klas.resolve.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every instruction objdump disassembles in the system C library decodes the same way (issue 4), and the access
 * of at least 99% of its memory operands is compared with Capstone's (issue 13; 99.8% with Capstone 4.0.2).
 */
class LibcDifferentialTest {
    private static final Path LIBC = Path.of("/lib/x86_64-linux-gnu/libc.so.6");

    @Test
    void libcAgreesWithObjdump() throws Exception {
        DifferentialReport report = Differential.run(LIBC);
        String description = Differential.describe(report, LIBC);
        System.out.println(description);
        assertTrue(report.compared > 100_000, "objdump showed too few instructions: " + description);
        assertTrue(report.withMemory > 10_000 && report.withTarget > 10_000, description);
        assertTrue(report.accessCompared > 100_000 && report.classifiedShare() >= 0.99,
                "access of fewer than 99% of memory operands compared with Capstone: " + description);
        assertEquals(0, report.mismatchCount, description);
    }
}
