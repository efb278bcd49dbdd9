package dev.klas.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.dwarf.DwarfInfo;
import dev.klas.resolve.elf.ElfFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every run of every line of test resource lines/ (compiled by gcc and clang-14, -O0 and -O2, DWARF 4 and 5) against
 * the rows of {@code readelf --debug-dump=decodedline}: its start, its end (the next row's address, an end of
 * sequence included), its {@code is_stmt} flag (readelf's Stmt column) and its file, which must be where the test put
 * it, however the line table spells it ("./sub/..", relative and absolute folders, clang's DWARF 5 file 0). A run
 * stops at an end of sequence and at a row of another file, even when the line number goes on.
 */
class LineRunsTest {
    private static final Pattern ROW = Pattern.compile(
            "^(\\S+)\\s+(\\d+|-)\\s+(0x[0-9a-f]+|0)(?:\\s+(\\d+))?(?:\\s+(x))?\\s*$");
    private static final List<String> SOURCES = List.of("main.c", "other.c", "inc/h.h", "absinc/abs.h");

    /** A row of readelf's decoded line table; {@code base} is the file's base name. */
    private record Row(String base, int line, long address, boolean stmt, boolean end) {
    }

    private record Run(long address, long end, boolean stmt) {
        @Override
        public String toString() {
            return "0x" + Long.toHexString(address) + "-0x" + Long.toHexString(end) + (stmt ? " stmt" : "");
        }
    }

    /** Counts of the cases the fixture is there for, over all builds. */
    private int notStmtStarts;
    private int otherFileSameLine;
    private int endThenSameLine;

    @Test
    void runsFlagsAndPathsMatchReadelf(@TempDir Path tmp) throws IOException {
        Path dir = tmp.toRealPath();
        for (String s : SOURCES) {
            Files.createDirectories(dir.resolve(s).getParent());
            try (InputStream in = LineRunsTest.class.getResourceAsStream("/lines/" + s)) {
                Files.copy(in, dir.resolve(s));
            }
        }
        Files.createDirectories(dir.resolve("sub"));
        Map<String, Path> real = new LinkedHashMap<>();
        SOURCES.forEach(s -> real.put(s.substring(s.lastIndexOf('/') + 1), dir.resolve(s)));
        List<String> problems = new ArrayList<>();
        for (String build : List.of("gcc -O0 -gdwarf-4", "gcc -O2 -gdwarf-5 -ffunction-sections",
                "gcc -O2 -gdwarf-4 -ffunction-sections", "clang-14 -O0 -gdwarf-5", "clang-14 -O0 -gdwarf-4",
                "clang-14 -O2 -gdwarf-5 -ffunction-sections", "clang-14 -O2 -gdwarf-4")) {
            List<String> cmd = new ArrayList<>(List.of(build.split(" ")));
            cmd.addAll(List.of("-fPIC", "-shared", "-I" + dir.resolve("absinc"), "-o", "lib.so", "./sub/../main.c",
                    dir + "/sub/../other.c"));
            Tools.run(dir, cmd);
            Path lib = dir.resolve("lib.so");
            LineIndex index = LineIndex.build(DwarfInfo.of(ElfFile.open(lib)));
            List<Row> rows = rows(lib);
            String at = String.join(" ", cmd) + ": ";
            if (!new TreeSet<>(index.files()).equals(pathsOf(real.values()))) {
                problems.add(at + "files " + index.files() + ", on disk " + real.values());
            }
            compare(index, rows, real).forEach(p -> problems.add(at + p));
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(notStmtStarts > 0 && otherFileSameLine > 0 && endThenSameLine > 0, "the fixture no longer has "
                + "runs starting on a non-stmt row (" + notStmtStarts + "), rows of two files on one line ("
                + otherFileSameLine + ") or a sequence starting on its predecessor's line (" + endThenSameLine + ")");
    }

    /**
     * More rows than the index's first guess (a quarter of .debug_line's size, at least 4096) make it grow: every row
     * counted by readelf is indexed, and the lines at the end are found like those at the start.
     */
    @Test
    void growsPastItsFirstGuess(@TempDir Path tmp) throws IOException {
        Path dir = tmp.toRealPath();
        StringBuilder c = new StringBuilder("int many(int v)\n{\n");
        for (int i = 0; i < 6000; i++) {
            c.append("\tv = v * 31 + ").append(i).append(";\n");
        }
        Files.writeString(dir.resolve("many.c"), c.append("\treturn v;\n}\n").toString());
        Tools.run(dir, "gcc", "-O0", "-gdwarf-5", "-c", "many.c", "-o", "many.o");
        Path obj = dir.resolve("many.o");
        DwarfInfo dwarf = DwarfInfo.of(ElfFile.open(obj));
        LineIndex index = LineIndex.build(dwarf);
        List<Row> rows = rows(obj);
        assertTrue(rows.size() > Math.max(4096, dwarf.lineSectionSize() / 4), rows.size() + " rows");
        assertEquals(rows.size(), index.rowCount());
        List<String> problems = compare(index, rows, Map.of("many.c", dir.resolve("many.c")));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static Set<String> pathsOf(Iterable<Path> paths) {
        Set<String> out = new TreeSet<>();
        paths.forEach(p -> out.add(p.toString()));
        return out;
    }

    /** Runs of every (file, line) readelf shows against the index's answer for the file's real path. */
    private List<String> compare(LineIndex index, List<Row> rows, Map<String, Path> real) {
        Map<String, List<Run>> nonEmpty = new LinkedHashMap<>();
        Map<String, List<Run>> empty = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (i > 1 && rows.get(i - 1).end() && same(rows.get(i - 2), r)) {
                endThenSameLine++;
            }
            if (i > 0 && !rows.get(i - 1).end() && !rows.get(i - 1).base().equals(r.base())
                    && rows.get(i - 1).line() == r.line()) {
                otherFileSameLine++;
            }
            if (r.end() || (i > 0 && same(rows.get(i - 1), r))) {
                continue;
            }
            int e = i + 1;
            while (same(rows.get(e), r)) {
                e++;
            }
            notStmtStarts += r.stmt() ? 0 : 1;
            Run run = new Run(r.address(), rows.get(e).address(), r.stmt());
            String key = r.base() + ":" + r.line();
            (run.end() != run.address() ? nonEmpty : empty).computeIfAbsent(key, k -> new ArrayList<>()).add(run);
            nonEmpty.computeIfAbsent(key, k -> new ArrayList<>());
        }
        List<String> problems = new ArrayList<>();
        for (var e : nonEmpty.entrySet()) {
            String base = e.getKey().substring(0, e.getKey().indexOf(':'));
            int line = Integer.parseInt(e.getKey().substring(base.length() + 1));
            String path = real.get(base).toString();
            List<Run> want = e.getValue().isEmpty() ? empty.get(e.getKey()) : e.getValue();
            LineLookup got = index.lookup(path, line);
            if (!(got instanceof LineLookup.Found found)) {
                problems.add(e.getKey() + ": " + got + ", readelf has " + want);
                continue;
            }
            List<Run> runs = found.locations().stream()
                    .map(l -> new Run(l.address(), l.endAddress(), l.isStmt())).toList();
            if (!runs.equals(want)) {
                problems.add(e.getKey() + ": runs " + runs + ", readelf has " + want);
            }
            found.locations().stream().filter(l -> !l.file().equals(path) || l.line() != line)
                    .forEach(l -> problems.add(e.getKey() + ": found at " + l));
        }
        assertTrue(nonEmpty.size() > 3, "lines: " + nonEmpty.keySet());
        return problems;
    }

    private static boolean same(Row a, Row b) {
        return !a.end() && a.base().equals(b.base()) && a.line() == b.line();
    }

    private static List<Row> rows(Path binary) {
        List<Row> rows = new ArrayList<>();
        for (String l : Tools.run(binary.getParent(), "readelf", "--debug-dump=decodedline", "-W",
                binary.toString()).split("\n")) {
            Matcher m = ROW.matcher(l);
            if (m.matches()) {
                String name = m.group(1);
                boolean end = m.group(2).equals("-");
                rows.add(new Row(name.substring(name.lastIndexOf('/') + 1), end ? 0 : Integer.parseInt(m.group(2)),
                        Long.decode(m.group(3)), m.group(5) != null, end));
            }
        }
        return rows;
    }
}
