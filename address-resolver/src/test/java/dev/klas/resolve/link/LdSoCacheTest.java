package dev.klas.resolve.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /etc/ld.so.cache as read here against {@code ldconfig -p}, which prints the same file. */
class LdSoCacheTest {
    private static final Pattern ROW = Pattern.compile("^\\s+(\\S+) \\(libc6,x86-64\\) => (\\S+)$");

    @Test
    void systemCacheEqualsLdconfig() {
        Map<String, Path> oracle = new LinkedHashMap<>();
        for (String line : Tools.run(Path.of("/"), List.of("ldconfig", "-p")).split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                oracle.putIfAbsent(m.group(1), Path.of(m.group(2)));
            }
        }
        assertTrue(oracle.size() > 50, "ldconfig -p lists " + oracle.size());
        assertEquals(oracle, LdSoCache.read(Path.of("/etc/ld.so.cache")).entries());
    }

    @Test
    void missingOrForeignFileIsAnEmptyCache(@TempDir Path dir) throws IOException {
        assertTrue(LdSoCache.read(dir.resolve("none")).entries().isEmpty());
        Path old = Files.write(dir.resolve("old"), "ld.so-1.7.0\0\0\0\0\0".getBytes());
        assertTrue(LdSoCache.read(old).entries().isEmpty());
    }
}
