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

    /** One build of the fixture: the command, the library and readelf's rows of it. */
    private record Build(String command, Path lib, List<Row> rows) {
    }

    private static final List<String> BUILDS = List.of("gcc -O0 -gdwarf-4", "gcc -O2 -gdwarf-5 -ffunction-sections",
            "gcc -O2 -gdwarf-4 -ffunction-sections", "clang-14 -O0 -gdwarf-5", "clang-14 -O0 -gdwarf-4",
            "clang-14 -O2 -gdwarf-5 -ffunction-sections", "clang-14 -O2 -gdwarf-4");
    private static Path dir;
    private static List<Build> builds;

    /** The builds, made once per test JVM (PIT runs the test once per mutant) in a temporary folder. */
    private static synchronized List<Build> builds() throws IOException {
        if (builds != null) {
            return builds;
        }
        dir = Files.createTempDirectory("klas-lines").toRealPath();
        for (String s : SOURCES) {
            Files.createDirectories(dir.resolve(s).getParent());
            try (InputStream in = LineRunsTest.class.getResourceAsStream("/lines/" + s)) {
                Files.copy(in, dir.resolve(s));
            }
        }
        Files.createDirectories(dir.resolve("sub"));
        List<Build> out = new ArrayList<>();
        for (int i = 0; i < BUILDS.size(); i++) {
            List<String> cmd = new ArrayList<>(List.of(BUILDS.get(i).split(" ")));
            cmd.addAll(List.of("-fPIC", "-shared", "-I" + dir.resolve("absinc"), "-o", "lib" + i + ".so",
                    "./sub/../main.c", dir + "/sub/../other.c"));
            Tools.run(dir, cmd);
            Path lib = dir.resolve("lib" + i + ".so");
            out.add(new Build(String.join(" ", cmd), lib, rows(lib)));
        }
        builds = List.copyOf(out);
        return builds;
    }

    @Test
    void runsFlagsAndPathsMatchReadelf() throws IOException {
        List<Build> all = builds();
        Map<String, Path> real = new LinkedHashMap<>();
        SOURCES.forEach(s -> real.put(s.substring(s.lastIndexOf('/') + 1), dir.resolve(s)));
        List<String> problems = new ArrayList<>();
        for (Build b : all) {
            LineIndex index = LineIndex.build(DwarfInfo.of(ElfFile.open(b.lib())));
            String at = b.command() + ": ";
            if (!new TreeSet<>(index.files()).equals(pathsOf(real.values()))) {
                problems.add(at + "files " + index.files() + ", on disk " + real.values());
            }
            compare(index, b.rows(), real).forEach(p -> problems.add(at + p));
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
    void growsPastItsFirstGuess() throws IOException {
        Build many = many();
        DwarfInfo dwarf = DwarfInfo.of(ElfFile.open(many.lib()));
        LineIndex index = LineIndex.build(dwarf);
        List<Row> rows = many.rows();
        assertTrue(rows.size() > Math.max(4096, dwarf.lineSectionSize() / 4), rows.size() + " rows");
        assertEquals(rows.size(), index.rowCount());
        Path source = many.lib().resolveSibling("many.c");
        List<String> problems = compare(index, rows, Map.of("many.c", source));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static Build many;

    /** 6000 statements, one a line, at -O0: about 12000 rows. */
    private static synchronized Build many() throws IOException {
        if (many == null) {
            Path tmp = Files.createTempDirectory("klas-many").toRealPath();
            StringBuilder c = new StringBuilder("int many(int v)\n{\n");
            for (int i = 0; i < 6000; i++) {
                c.append("\tv = v * 31 + ").append(i).append(";\n");
            }
            Files.writeString(tmp.resolve("many.c"), c.append("\treturn v;\n}\n").toString());
            List<String> cmd = List.of("gcc", "-O0", "-gdwarf-5", "-c", "many.c", "-o", "many.o");
            Tools.run(tmp, cmd);
            many = new Build(String.join(" ", cmd), tmp.resolve("many.o"), rows(tmp.resolve("many.o")));
        }
        return many;
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
