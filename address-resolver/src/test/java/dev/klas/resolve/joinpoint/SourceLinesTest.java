package dev.klas.resolve.joinpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.Tools;
import dev.klas.resolve.elf.ElfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lines that can take a hook ({@code klas lines}) against the rows of {@code readelf --debug-dump=decodedline}
 * for resolver/directions.c (-O0, -O2; a single-file library): a function's lines run from its first to its last line
 * with code, each with the first address of every run of rows (in address order, within the function's symbol) of
 * that line; a file's lines have the first address of every run in table order, runs of no length only where the
 * line has no other. ({@code perf probe -L} is no oracle here: it numbers a function's entry row as its declaration
 * line and drops a line whose rows share their address with another line's.)
 */
class SourceLinesTest {
    private static final Pattern ROW = Pattern.compile(
            "^(\\S+)\\s+(\\d+|-)\\s+(0x[0-9a-f]+)(?:\\s+(\\d+))?(?:\\s+(x))?\\s*$");
    private static final Map<String, Path> BUILDS = new HashMap<>();

    /** A row of readelf's decoded line table: line 0 for an end of sequence. */
    private record Row(int line, long address, boolean end) {
    }

    private static synchronized Path build(String opt) throws IOException {
        Path lib = BUILDS.get(opt);
        if (lib == null) {
            lib = DirectionsFixture.build(Files.createTempDirectory("klas-lines").toRealPath(), opt);
            BUILDS.put(opt, lib);
        }
        return lib;
    }

    @ParameterizedTest
    @ValueSource(strings = {"-O0", "-O2"})
    void functionAndFileLinesFollowTheLineTable(String opt) throws IOException {
        Path lib = build(opt);
        Path source = lib.resolveSibling("directions.c");
        Binary binary = new Binary(ElfFile.open(lib));
        List<Row> rows = rows(lib);
        int functions = 0;
        for (String l : Tools.run(lib.getParent(), "readelf", "-sW", lib.toString()).split("\n")) {
            String[] f = l.trim().split("\\s+");
            if (f.length != 8 || !f[3].equals("FUNC") || f[6].equals("UND") || Long.parseLong(f[2]) == 0
                    || f[7].startsWith("_") || f[7].contains("tm_clones") || f[7].equals("frame_dummy")) {
                continue;
            }
            String name = f[7];
            long start = Long.parseLong(f[1], 16);
            long end = start + Long.parseLong(f[2]);
            TreeMap<Integer, List<Long>> want = new TreeMap<>();
            List<Row> inside = rows.stream().filter(r -> !r.end() && r.address() >= start && r.address() < end)
                    .sorted(Comparator.comparingLong(Row::address)).toList();
            for (int i = 0; i < inside.size(); i++) {
                Row r = inside.get(i);
                List<Long> at = want.computeIfAbsent(r.line(), k -> new ArrayList<>());
                if ((i == 0 || inside.get(i - 1).line() != r.line()) && !at.contains(r.address())) {
                    at.add(r.address());
                }
            }
            SourceLines.FunctionLines got = SourceLines.ofFunction(binary, name).orElseThrow(() ->
                    new AssertionError("no lines of " + name));
            assertEquals(name, got.function());
            assertEquals(start, got.address(), name);
            assertEquals(source.toString(), got.file(), name);
            List<SourceLine> expected = new ArrayList<>();
            for (int n = want.firstKey(); n <= want.lastKey(); n++) {
                expected.add(new SourceLine(source.toString(), n, want.getOrDefault(n, List.of())));
            }
            assertEquals(expected, got.lines(), name);
            functions++;
        }
        assertTrue(functions > 10, functions + " functions");
        assertEquals(Optional.empty(), SourceLines.ofFunction(binary, "nosuch"));

        int last = Files.readAllLines(source).size();
        List<SourceLine> expected = new ArrayList<>();
        for (int n = 1; n <= last; n++) {
            List<Long> nonEmpty = new ArrayList<>();
            List<Long> empty = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                if (r.end() || r.line() != n || i > 0 && !rows.get(i - 1).end() && rows.get(i - 1).line() == n) {
                    continue;
                }
                int e = i + 1;
                while (!rows.get(e).end() && rows.get(e).line() == n) {
                    e++;
                }
                (rows.get(e).address() != r.address() ? nonEmpty : empty).add(r.address());
            }
            List<Long> at = new ArrayList<>(nonEmpty.isEmpty() ? empty : nonEmpty);
            at.sort(Long::compareUnsigned);
            expected.add(new SourceLine(source.toString(), n, at));
        }
        assertEquals(expected, SourceLines.ofFile(binary, "directions.c", 1, last));
        assertEquals(List.of(new SourceLine("nosuch.c", 1, List.of())), SourceLines.ofFile(binary, "nosuch.c", 1, 1));
    }

    private static List<Row> rows(Path lib) {
        List<Row> out = new ArrayList<>();
        for (String l : Tools.run(lib.getParent(), "readelf", "--debug-dump=decodedline", "-W", lib.toString())
                .split("\n")) {
            Matcher m = ROW.matcher(l);
            if (m.matches()) {
                boolean end = m.group(2).equals("-");
                assertTrue(end || m.group(1).equals("directions.c"), l);
                out.add(new Row(end ? 0 : Integer.parseInt(m.group(2)), Long.decode(m.group(3)), end));
            }
        }
        return out;
    }
}
