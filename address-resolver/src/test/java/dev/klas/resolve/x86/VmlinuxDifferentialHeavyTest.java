package dev.klas.resolve.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Heavy (-Dklas.heavy=true): every instruction objdump shows in the executable sections of the Debian debug
 * kernel (/usr/lib/debug/boot/vmlinux-*, package linux-image-*-dbg) decodes the same way. Fails, never skips,
 * when heavy tests are asked for and the kernel is missing.
 */
class VmlinuxDifferentialHeavyTest {

    @Test
    void debugKernelAgreesWithObjdump() throws Exception {
        assumeTrue(Boolean.getBoolean("klas.heavy"), "heavy test: run with -Dklas.heavy=true");
        Path vmlinux = debugKernel();
        DifferentialReport report = Differential.run(vmlinux);
        String description = Differential.describe(report, vmlinux);
        System.out.println(description);
        assertTrue(report.compared > 1_000_000, "objdump showed too few instructions: " + description);
        assertTrue(report.classifiedShare() >= 0.99, "access of fewer than 99% of memory operands compared: "
                + description);
        assertEquals(0, report.mismatchCount, description);
    }

    private static Path debugKernel() throws IOException {
        Path dir = Path.of("/usr/lib/debug/boot");
        List<Path> kernels = List.of();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                kernels = files.filter(p -> p.getFileName().toString().startsWith("vmlinux-")).sorted().toList();
            }
        }
        assertTrue(!kernels.isEmpty(), "no /usr/lib/debug/boot/vmlinux-*: install linux-image-$(uname -r)-dbg"
                + " (scripts/install-packages)");
        return kernels.get(kernels.size() - 1);
    }
}
