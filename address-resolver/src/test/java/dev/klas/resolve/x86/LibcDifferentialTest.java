package dev.klas.resolve.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every instruction objdump disassembles in the system C library decodes the same way (issue 4). */
class LibcDifferentialTest {
    private static final Path LIBC = Path.of("/lib/x86_64-linux-gnu/libc.so.6");

    @Test
    void libcAgreesWithObjdump() throws Exception {
        DifferentialReport report = Differential.run(LIBC);
        String description = Differential.describe(report, LIBC);
        System.out.println(description);
        assertTrue(report.compared > 100_000, "objdump showed too few instructions: " + description);
        assertTrue(report.withMemory > 10_000 && report.withTarget > 10_000, description);
        assertEquals(0, report.mismatchCount, description);
    }
}
