package dev.klas.resolve;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Heavy tests run only with {@code -Dklas.heavy=true}; then a missing input is a failure, not a skip.
 */
public final class Heavy {
    private Heavy() {
    }

    /** Skips the calling test unless heavy tests are asked for. */
    public static void require() {
        Assumptions.assumeTrue(Boolean.getBoolean("klas.heavy"), "heavy test: run with -Dklas.heavy=true");
    }

    /** The Debian debug vmlinux (/usr/lib/debug/boot/vmlinux-*), installed by scripts/install-packages kernel. */
    public static Path debugVmlinux() throws IOException {
        Path boot = Path.of("/usr/lib/debug/boot");
        if (Files.isDirectory(boot)) {
            try (Stream<Path> s = Files.list(boot)) {
                var found = s.filter(p -> p.getFileName().toString().startsWith("vmlinux-")).sorted().findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        return fail("no /usr/lib/debug/boot/vmlinux-*: run scripts/install-packages kernel");
    }
}
