package dev.klas.resolve.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.Tools;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** PltStubs against the {@code <name@plt>} labels objdump gives the stubs of .plt, .plt.sec and .plt.got. */
class PltStubsTest {
    private static final Pattern STUB = Pattern.compile("^([0-9a-f]+) <([^<>]+)@plt>:$");

    static Stream<Path> objects() {
        return Stream.of("/usr/bin/ls", "/usr/bin/bash", "/lib/x86_64-linux-gnu/libz.so.1", "/usr/bin/perl")
                .map(Path::of).filter(Files::isRegularFile);
    }

    @ParameterizedTest
    @MethodSource("objects")
    void systemProgramsAndLibraries(Path file) throws Exception {
        assertSameAsObjdump(file);
    }

    /** gcc -O2 -fPIC -shared [FLAGS] -o lib.so directions.c; -z ibtplt makes the .plt.sec of IBT. */
    @ParameterizedTest
    @ValueSource(strings = {"-fcf-protection=none", "-fcf-protection=full -Wl,-z,ibtplt", "-Wl,-z,now"})
    void compiledLibraries(String flags, @TempDir Path dir) throws Exception {
        try (InputStream in = PltStubsTest.class.getResourceAsStream("/resolver/directions.c")) {
            Files.copy(in, dir.resolve("directions.c"));
        }
        Tools.run(dir, ("gcc -O2 -fPIC -shared " + flags + " -o lib.so directions.c").split(" "));
        assertSameAsObjdump(dir.resolve("lib.so"));
    }

    private static void assertSameAsObjdump(Path file) throws Exception {
        Map<Long, String> expected = new TreeMap<>();
        String dump = Tools.run(file.getParent(), "objdump", "-d", "-j", ".plt", "-j", ".plt.sec", "-j", ".plt.got",
                file.toString());
        for (String line : dump.split("\n")) {
            Matcher m = STUB.matcher(line);
            if (m.matches()) {
                expected.put(Long.parseLong(m.group(1), 16), m.group(2));
            }
        }
        assertTrue(expected.size() > 1, "objdump shows PLT stubs in " + file);
        assertEquals(expected, PltStubs.of(ElfFile.open(file)), file.toString());
    }
}
