package dev.klas.resolve.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Heavy (-Dklas.heavy=true): every uncompressed kernel module of the installed Debian kernel
 * (/lib/modules/RELEASE/kernel, package linux-image-*-cloud-amd64) decodes as objdump disassembles it. Modules are
 * relocatable objects: sections start at 0 and call/jmp displacements are unrelocated, which both sides see alike.
 */
class KernelModulesDifferentialHeavyTest {

    @Test
    void kernelModulesAgreeWithObjdump() throws Exception {
        assumeTrue(Boolean.getBoolean("klas.heavy"), "heavy test: run with -Dklas.heavy=true");
        List<Path> modules;
        Path kernel;
        try (Stream<Path> releases = Files.list(Path.of("/lib/modules"))) {
            Path newest = releases.filter(p -> Files.isDirectory(p.resolve("kernel"))).sorted()
                    .reduce((a, b) -> b).orElseThrow(() -> new AssertionError(
                            "no /lib/modules/*/kernel: install linux-image-cloud-amd64 (scripts/install-packages)"));
            kernel = newest.resolve("kernel");
            try (Stream<Path> files = Files.walk(kernel)) {
                modules = files.filter(p -> p.getFileName().toString().endsWith(".ko")).sorted().toList();
            }
        }
        assertTrue(modules.size() > 100, "too few uncompressed .ko modules: " + modules.size());
        DifferentialReport total = new DifferentialReport();
        for (Path module : modules) {
            total.add(Differential.run(module));
        }
        Path where = Path.of(modules.size() + " modules under " + kernel);
        String description = Differential.describe(total, where);
        System.out.println(description);
        assertTrue(total.compared > 1_000_000, description);
        assertTrue(total.classifiedShare() >= 0.99, "access of fewer than 99% of memory operands compared: "
                + description);
        assertEquals(0, total.mismatchCount, description);
    }
}
