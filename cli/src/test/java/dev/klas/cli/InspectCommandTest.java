package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code klas inspect} against readelf, the oracle, on binaries compiled here. */
class InspectCommandTest {
    private static final String SOURCE = "int var = 3;\nint get(void) { return var; }\n"
            + "__asm__(\".text\\n.globl absolute\\nabsolute: movabs $var, %rax\\n ret\\n\");\n";

    @Test
    void pieWithCompressedDebugMatchesReadelf(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("m.c"), "int main(void) { return 0; }\n");
        // gcc -O2 -g -gz=zlib -fPIE -pie -o pie m.c
        Tools.run(dir, "gcc", "-O2", "-g", "-gz=zlib", "-fPIE", "-pie", "-o", "pie", "m.c");
        Path pie = dir.resolve("pie");
        Run r = Run.klas("inspect", pie.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("type        DYN (position-independent executable)"), r.out());
        assertEquals(readelfBuildId(dir, pie), field(r.out(), "build-id"));
        assertEquals(readelfSections(dir, pie), inspectSections(r.out()));
        assertTrue(r.out().matches("(?s).*\\.debug_info +0x[0-9a-f]+  compressed \\(zlib\\).*"), r.out());
        assertTrue(r.out().contains("text relocations  none"), r.out());
        Run json = Run.klas("inspect", "--format", "json", pie.toString());
        com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
        assertEquals(readelfBuildId(dir, pie), n.get("buildId").asText());
        Map<String, Long> sections = new LinkedHashMap<>();
        n.get("sections").forEach(s -> sections.put(s.get("name").asText(), s.get("size").asLong()));
        assertEquals(readelfSections(dir, pie), sections);
        assertEquals("zlib", sections.isEmpty() ? "" : findCompression(n, ".debug_info"));
        assertEquals(false, n.get("textRelocations").asBoolean());
    }

    private static String findCompression(com.fasterxml.jackson.databind.JsonNode n, String name) {
        for (com.fasterxml.jackson.databind.JsonNode s : n.get("sections")) {
            if (s.get("name").asText().equals(name)) {
                return s.get("compressed").asText();
            }
        }
        return "";
    }

    @Test
    void sharedObjectWithTextRelocations(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("t.c"), SOURCE);
        // gcc -shared -fPIC -Wl,-z,notext -o libt.so t.c : the movabs in .text needs a text relocation
        Tools.run(dir, "gcc", "-shared", "-fPIC", "-Wl,-z,notext", "-o", "libt.so", "t.c");
        Path so = dir.resolve("libt.so");
        boolean oracle = Tools.run(dir, "readelf", "-d", so.toString()).contains("TEXTREL");
        assertTrue(oracle, "the fixture has text relocations according to readelf");
        Run r = Run.klas("inspect", so.toString());
        assertTrue(r.out().contains("type        DYN (shared object)"), r.out());
        assertTrue(r.out().contains("text relocations  present"), r.out());
        assertTrue(r.out().contains("debug       none (compile with -g"), r.out());
        assertEquals(readelfSections(dir, so), inspectSections(r.out()));
    }

    @Test
    void relocatableObjectAndErrors(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("t.c"), SOURCE);
        Tools.run(dir, "gcc", "-c", "-g", "-o", "t.o", "t.c");
        Run r = Run.klas("inspect", dir.resolve("t.o").toString());
        assertTrue(r.out().contains("type        REL (relocatable object)"), r.out());
        Path text = Files.writeString(dir.resolve("not-elf"), "hello");
        Run bad = Run.klas("inspect", text.toString());
        assertEquals(ExitCode.INVALID_INPUT, bad.exitCode());
        assertEquals("inspect: " + text + ": ELF header+0x0: unsupported: not an ELF file\n", bad.err());
        byte[] truncated = Files.readAllBytes(dir.resolve("t.o"));
        Path cut = Files.write(dir.resolve("cut.o"), java.util.Arrays.copyOf(truncated, 200));
        Run c = Run.klas("inspect", cut.toString());
        assertEquals(ExitCode.INVALID_INPUT, c.exitCode());
        assertTrue(c.err().startsWith("inspect: " + cut + ": "), c.err());
        assertTrue(!c.err().contains("\tat "), c.err());
    }

    @Test
    void corruptDynamicRelocationIsATypedError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("t.c"), SOURCE);
        // gcc -shared -fPIC -o libt.so t.c, then the first .rela.dyn entry's symbol index set to 0xffff
        Tools.run(dir, "gcc", "-shared", "-fPIC", "-o", "libt.so", "t.c");
        Matcher m = Pattern.compile("\\.rela\\.dyn\\s+RELA\\s+[0-9a-f]+\\s+([0-9a-f]+)")
                .matcher(Tools.run(dir, "readelf", "-S", "-W", "libt.so"));
        assertTrue(m.find());
        byte[] b = Files.readAllBytes(dir.resolve("libt.so"));
        int info = Integer.parseInt(m.group(1), 16) + 8;
        b[info + 4] = (byte) 0xff;
        b[info + 5] = (byte) 0xff;
        Path bad = Files.write(dir.resolve("bad.so"), b);
        for (String format : List.of("text", "json")) {
            Run r = Run.klas("inspect", "--format", format, bad.toString());
            assertEquals(ExitCode.INVALID_INPUT, r.exitCode(), r.err());
            assertEquals("inspect: " + bad + ": .rela.dyn+0x0: symbol index 65535 out of range\n", r.err());
        }
    }

    /**
     * Random bytes written into the dynamic tables (.dynamic, .rela.*, .gnu.version*, .dynsym, .dynstr) of a
     * library: inspect reports (exit 0) or refuses with a typed error (exit 1), never an internal error.
     */
    @Test
    void mutatedDynamicTablesGiveTypedErrors(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("t.c"), SOURCE);
        Files.writeString(dir.resolve("v.map"), "V1 { global: get; var; local: *; };\n");
        // gcc -shared -fPIC -Wl,--version-script=v.map -Wl,--hash-style=both -o libt.so t.c
        Tools.run(dir, "gcc", "-shared", "-fPIC", "-Wl,--version-script=v.map", "-Wl,--hash-style=both",
                "-o", "libt.so", "t.c");
        byte[] good = Files.readAllBytes(dir.resolve("libt.so"));
        Pattern row = Pattern.compile("\\]\\s+(\\.dynamic|\\.rela\\S*|\\.gnu\\.version\\S*|\\.dynsym|\\.dynstr)\\s+\\S+"
                + "\\s+[0-9a-f]+\\s+([0-9a-f]+)\\s+([0-9a-f]+)");
        List<int[]> ranges = new ArrayList<>();
        Matcher m = row.matcher(Tools.run(dir, "readelf", "-S", "-W", "libt.so"));
        while (m.find()) {
            ranges.add(new int[] {Integer.parseInt(m.group(2), 16), Integer.parseInt(m.group(3), 16)});
        }
        assertTrue(ranges.size() >= 6, "dynamic tables found: " + ranges.size());
        java.util.Random random = new java.util.Random(20);
        Map<Integer, Integer> exits = new java.util.TreeMap<>();
        for (int i = 0; i < 150; i++) {
            byte[] b = good.clone();
            int[] r = ranges.get(random.nextInt(ranges.size()));
            for (int k = 0; k < 4; k++) {
                b[r[0] + random.nextInt(Math.max(1, r[1]))] = (byte) random.nextInt(256);
            }
            Path bad = Files.write(dir.resolve("m.so"), b);
            Run run = Run.klas("inspect", "--format", "json", bad.toString());
            exits.merge(run.exitCode(), 1, Integer::sum);
            assertTrue(run.exitCode() == 0 || run.exitCode() == ExitCode.INVALID_INPUT, i + ": " + run.err());
            assertTrue(!run.err().contains("\tat "), run.err());
        }
        System.out.println("inspect over mutated dynamic tables: exit codes " + exits);
        assertTrue(exits.getOrDefault(ExitCode.INVALID_INPUT, 0) > 0, "no mutation was refused: " + exits);
    }

    private static String field(String out, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " +(\\S+)$").matcher(out);
        assertTrue(m.find(), name + " in\n" + out);
        return m.group(1);
    }

    private static String readelfBuildId(Path dir, Path elf) {
        Matcher m = Pattern.compile("Build ID: ([0-9a-f]+)").matcher(Tools.run(dir, "readelf", "-n", elf.toString()));
        assertTrue(m.find());
        return m.group(1);
    }

    /** name → size, from readelf -S -W. */
    private static Map<String, Long> readelfSections(Path dir, Path elf) {
        Map<String, Long> out = new LinkedHashMap<>();
        Pattern row = Pattern.compile("^\\s*\\[\\s*(\\d+)]\\s+(\\S+)\\s+\\S+\\s+[0-9a-f]+\\s+[0-9a-f]+\\s+([0-9a-f]+)");
        for (String line : Tools.run(dir, "readelf", "-S", "-W", elf.toString()).split("\n")) {
            Matcher m = row.matcher(line);
            if (m.find() && !m.group(1).equals("0")) {
                out.put(m.group(2), Long.parseLong(m.group(3), 16));
            }
        }
        return out;
    }

    private static Map<String, Long> inspectSections(String out) {
        Map<String, Long> sections = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>(out.lines().toList());
        int start = lines.indexOf(lines.stream().filter(l -> l.startsWith("  section ")).findFirst().orElseThrow());
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("  Total")) {
                break;
            }
            String[] f = line.trim().split("\\s+");
            sections.put(f[0], Long.parseLong(f[1].substring(2), 16));
        }
        return sections;
    }
}
