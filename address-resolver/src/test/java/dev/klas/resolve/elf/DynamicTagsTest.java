package dev.klas.resolve.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.klas.resolve.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** DynamicTags against {@code readelf -d} on system programs and shared objects: every tag, and the strings. */
class DynamicTagsTest {
    private static final Pattern ENTRY = Pattern.compile("^\\s*0x([0-9a-f]{16})\\s+\\((\\w+)\\)\\s+(.*)$");
    private static final Pattern NAMED = Pattern.compile("^(?:Shared library|Library soname|Library runpath|Library rpath): \\[(.*)\\]$");

    static Stream<Path> objects() {
        return Stream.of("/usr/bin/ls", "/usr/bin/bash", "/lib/x86_64-linux-gnu/libc.so.6",
                        "/lib/x86_64-linux-gnu/libz.so.1", "/usr/bin/perl")
                .map(Path::of).filter(Files::isRegularFile);
    }

    @ParameterizedTest
    @MethodSource("objects")
    void entriesAndStringsMatchReadelf(Path file) throws Exception {
        List<String> expected = new ArrayList<>();
        for (String line : Tools.run(file.getParent(), "readelf", "-dW", file.toString()).split("\n")) {
            Matcher m = ENTRY.matcher(line);
            if (m.find() && !m.group(2).equals("NULL")) {
                Matcher n = NAMED.matcher(m.group(3).trim());
                expected.add(Long.parseLong(m.group(1), 16) + (n.matches() ? " " + n.group(1) : ""));
            }
        }
        ElfFile elf = ElfFile.open(file);
        List<String> actual = new ArrayList<>();
        for (DynamicTags.Entry e : DynamicTags.entries(elf)) {
            boolean named = e.tag() == DynamicTags.DT_NEEDED || e.tag() == DynamicTags.DT_SONAME
                    || e.tag() == DynamicTags.DT_RPATH || e.tag() == DynamicTags.DT_RUNPATH;
            actual.add(e.tag() + (named ? " " + DynamicTags.string(elf, e.value()) : ""));
        }
        assertFalse(expected.isEmpty(), "readelf printed no dynamic entries for " + file);
        assertEquals(expected, actual);
    }
}
