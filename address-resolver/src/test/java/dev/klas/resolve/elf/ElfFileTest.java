package dev.klas.resolve.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.Fixtures;
import dev.klas.resolve.Fixtures.Fixture;
import dev.klas.resolve.Tools;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** ElfFile against readelf on every gcc fixture. */
class ElfFileTest {
    private static final Pattern SECTION = Pattern.compile(
            "^\\s*\\[\\s*(\\d+)\\]\\s+(\\S+)?\\s+\\S+\\s+([0-9a-f]{16})\\s+([0-9a-f]+)\\s+([0-9a-f]+)\\s");
    private static final Pattern SEGMENT = Pattern.compile(
            "^\\s+([A-Z_]+)\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s");
    private static final Pattern SYMBOL = Pattern.compile(
            "^\\s*(\\d+):\\s+([0-9a-f]{16})\\s+(\\d+|0x[0-9a-f]+)\\s+(\\S+)\\s+(\\S+)\\s+\\S+\\s+\\S+\\s*(\\S*)");

    static Stream<Fixture> fixtures() {
        return Fixtures.all().stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void sectionsMatchReadelf(Fixture f) throws Exception {
        ElfFile elf = ElfFile.open(f.path());
        List<String> expected = new ArrayList<>();
        for (String line : Tools.run(Fixtures.dir(), "readelf", "-SW", f.path().toString()).split("\n")) {
            Matcher m = SECTION.matcher(line);
            if (m.find()) {
                expected.add(m.group(1) + " " + (m.group(2) == null ? "" : m.group(2)) + " "
                        + Long.parseLong(m.group(3), 16) + " " + Long.parseLong(m.group(4), 16) + " "
                        + Long.parseLong(m.group(5), 16));
            }
        }
        List<String> actual = elf.sections().stream()
                .map(s -> s.index() + " " + s.name() + " " + s.address() + " " + s.offset() + " " + s.size())
                .toList();
        assertFalse(expected.isEmpty());
        assertEquals(expected, actual);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void segmentsMatchReadelf(Fixture f) throws Exception {
        ElfFile elf = ElfFile.open(f.path());
        List<String> expected = new ArrayList<>();
        String out = Tools.run(Fixtures.dir(), "readelf", "-lW", f.path().toString());
        for (String line : out.split("\n")) {
            Matcher m = SEGMENT.matcher(line);
            if (m.find() && !line.contains("Requesting")) {
                expected.add(Long.parseLong(m.group(2), 16) + " " + Long.parseLong(m.group(3), 16) + " "
                        + Long.parseLong(m.group(5), 16) + " " + Long.parseLong(m.group(6), 16));
            }
        }
        List<String> actual = elf.segments().stream().map(s -> s.offset() + " " + s.virtualAddress() + " "
                + s.fileSize() + " " + s.memorySize()).toList();
        assertEquals(expected, actual);
        assertEquals(f.relocatable(), elf.isRelocatable());
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void symbolsMatchReadelf(Fixture f) throws Exception {
        ElfFile elf = ElfFile.open(f.path());
        String out = Tools.run(Fixtures.dir(), "readelf", "-sW", f.path().toString());
        int at = out.indexOf("Symbol table '.symtab'");
        assertTrue(at >= 0, "readelf shows a .symtab");
        List<String> expected = new ArrayList<>();
        for (String line : out.substring(at).split("\n")) {
            Matcher m = SYMBOL.matcher(line);
            if (m.find()) {
                expected.add(Long.parseLong(m.group(2), 16) + " " + Long.decode(m.group(3)) + " " + m.group(6));
            }
        }
        List<String> actual = elf.symbols().stream().map(s -> s.value() + " " + s.size() + " " + displayName(elf, s))
                .toList();
        assertEquals(expected, actual);
        assertTrue(elf.symbols().stream().anyMatch(ElfSymbol::isFunction));
    }

    /**
     * The symbol tables are read once and kept per table: {@code .dynsym} asked after {@code .symtab} is readelf's
     * {@code .dynsym}, {@code .symtab} asked again is still {@code .symtab}, and neither list can be changed.
     */
    @ParameterizedTest
    @MethodSource("fixtures")
    void keptSymbolTablesStayApart(Fixture f) throws Exception {
        ElfFile elf = ElfFile.open(f.path());
        List<ElfSymbol> symtab = elf.symbols();
        String out = Tools.run(Fixtures.dir(), "readelf", "--dyn-syms", "-W", f.path().toString());
        List<String> expected = new ArrayList<>();
        int at = out.indexOf("Symbol table '.dynsym'");
        if (at >= 0) {
            for (String line : out.substring(at).split("\n")) {
                Matcher m = SYMBOL.matcher(line);
                if (m.find()) {
                    expected.add(Long.parseLong(m.group(2), 16) + " " + m.group(6).replaceAll("@.*", ""));
                }
            }
        }
        assertEquals(expected, elf.dynamicSymbols().stream().map(s -> s.value() + " " + s.name()).toList());
        assertEquals(symtab, elf.symbols());
        assertEquals(ElfFile.open(f.path()).symbols(), elf.symbols());
        assertThrows(UnsupportedOperationException.class, () -> elf.symbols().remove(0));
    }

    /** readelf shows a section symbol by its section's name. */
    private static String displayName(ElfFile elf, ElfSymbol s) {
        return s.type() == ElfSymbol.STT_SECTION && s.name().isEmpty()
                ? elf.sections().get(s.sectionIndex()).name() : s.name();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void buildIdMatchesReadelf(Fixture f) throws Exception {
        ElfFile elf = ElfFile.open(f.path());
        Matcher m = Pattern.compile("Build ID: ([0-9a-f]+)")
                .matcher(Tools.run(Fixtures.dir(), "readelf", "-n", f.path().toString()));
        if (m.find()) {
            assertEquals(m.group(1), elf.buildId().orElseThrow().hex());
        } else {
            assertTrue(elf.buildId().isEmpty());
        }
    }

    /** Decompressed and relocated debug sections equal {@code readelf -z -R} (binutils applies the same relocations). */
    @ParameterizedTest
    @MethodSource("fixtures")
    void debugSectionContentsMatchReadelfRelocatedDump(Fixture f) throws Exception {
        ElfFile elf = ElfFile.open(f.path());
        int checked = 0;
        for (Section s : elf.sections()) {
            if (!s.name().startsWith(".debug_")) {
                continue;
            }
            byte[] expected = hexDump(Tools.run(Fixtures.dir(), "readelf", "-z", "-R", s.name(),
                    f.path().toString()));
            ByteBuffer b = elf.contents(s);
            byte[] actual = new byte[b.remaining()];
            b.get(actual);
            assertArrayEquals(expected, actual, s.name());
            checked++;
        }
        assertTrue(checked >= 4, "debug sections checked: " + checked);
        boolean compressed = elf.sections().stream().anyMatch(Section::compressed);
        assertEquals(f.name().contains("zlib") || f.name().contains("zstd"), compressed);
    }

    static byte[] hexDump(String dump) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : dump.split("\n")) {
            if (!line.startsWith("  0x")) {
                continue;
            }
            String hex = line.substring(13, Math.min(line.length(), 13 + 36)).replace(" ", "");
            out.writeBytes(HexFormat.of().parseHex(hex));
        }
        return out.toByteArray();
    }

    @Test
    void refusesWhatIsNotElf64LittleEndianX8664(@TempDir Path tmp) throws Exception {
        byte[] exe = Files.readAllBytes(Fixtures.get("exe-O0-g4").path());
        Path text = tmp.resolve("text");
        Files.writeString(text, "#!/bin/sh\necho hello, this is no ELF file at all, not at all\n");
        assertEquals(0, assertThrows(UnsupportedElfException.class, () -> ElfFile.open(text)).offset());
        assertEquals(4, refused(tmp, exe, 4, (byte) 1).offset());
        assertEquals(5, refused(tmp, exe, 5, (byte) 2).offset());
        assertEquals(18, refused(tmp, exe, 18, (byte) 3).offset());
    }

    private static UnsupportedElfException refused(Path tmp, byte[] exe, int at, byte value) throws Exception {
        byte[] copy = exe.clone();
        copy[at] = value;
        Path p = tmp.resolve("mutant" + at);
        Files.write(p, copy);
        UnsupportedElfException e = assertThrows(UnsupportedElfException.class, () -> ElfFile.open(p));
        assertEquals("ELF header", e.section());
        return e;
    }
}
