package dev.klas.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.Fixtures.Fixture;
import dev.klas.resolve.dwarf.DwarfInfo;
import dev.klas.resolve.dwarf.LineRow;
import dev.klas.resolve.dwarf.LineTable;
import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.joinpoint.Binary;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * (file, line) → addresses against the rows of {@code objdump --dwarf=decodedline}: for every line of every fixture,
 * the first address of every run of consecutive rows of that line; plus the inline copies the fixture's comments
 * announce, ambiguity and missing files.
 */
class LineIndexTest {
    private static final Pattern ROW = Pattern.compile(
            "^(\\S+)\\s+(\\d+|-)\\s+(0x[0-9a-f]+|0)(?:\\s+(\\d+))?(?:\\s+(x))?\\s*$");
    private static final Pattern EXPECT = Pattern.compile("/\\* expect-at-O2: inlined into ([\\w ]+) \\*/");

    private record Row(String file, int line, long address, boolean end) {
    }

    static Stream<Fixture> fixtures() {
        return Fixtures.all().stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyLineMatchesObjdumpRuns(Fixture f) throws Exception {
        LineIndex index = LineIndex.build(DwarfInfo.of(ElfFile.open(f.path())));
        Map<String, List<Long>> runs = objdumpRuns(f);
        assertTrue(runs.size() > 3, "lines: " + runs.size());
        assertRuns(index, runs);
    }

    /**
     * An index restricted to every other file objdump names: its lookups of those files give objdump's runs, and
     * equal the full index's answers line by line (the row after a run, of another file, still ends it); it answers
     * no other file, and holds fewer rows.
     */
    @ParameterizedTest
    @MethodSource("fixtures")
    void restrictedIndexGivesTheRunsOfTheFilesAsked(Fixture f) throws Exception {
        DwarfInfo dwarf = DwarfInfo.of(ElfFile.open(f.path()));
        LineIndex full = LineIndex.build(dwarf);
        Map<String, List<Long>> runs = objdumpRuns(f);
        List<String> files = runs.keySet().stream().map(k -> k.substring(0, k.indexOf(':'))).distinct().sorted()
                .toList();
        for (int parity = 0; parity < 2; parity++) {
            List<String> asked = new ArrayList<>();
            for (int i = parity; i < files.size(); i += 2) {
                asked.add(files.get(i));
            }
            if (asked.isEmpty()) {
                continue;
            }
            LineIndex some = LineIndex.build(dwarf, asked);
            Map<String, List<Long>> wanted = new LinkedHashMap<>();
            runs.forEach((k, v) -> {
                if (asked.contains(k.substring(0, k.indexOf(':')))) {
                    wanted.put(k, v);
                }
            });
            assertTrue(!wanted.isEmpty(), asked.toString());
            assertRuns(some, wanted);
            int last = wanted.keySet().stream().mapToInt(k -> Integer.parseInt(k.substring(k.indexOf(':') + 1)))
                    .max().orElseThrow();
            for (String file : asked) {
                assertTrue(some.answers(file), file);
                for (int line = 1; line <= last + 2; line++) {
                    assertEquals(full.lookup(file, line), some.lookup(file, line), file + ":" + line);
                    assertEquals(full.lookup(file, line, 0), some.lookup(file, line, 0), file + ":" + line);
                }
            }
            for (String other : files) {
                assertEquals(asked.contains(other), some.answers(other), other);
            }
            assertTrue(files.size() == asked.size() || some.rowCount() < full.rowCount(),
                    some.rowCount() + " of " + full.rowCount() + " rows");
        }
    }

    /** A binary told which files will be looked up reads only theirs; asked about another file, it reads all. */
    @Test
    void binaryRestrictsItsLineIndexToTheExpectedFiles() throws Exception {
        Fixture f = Fixtures.get("exe-O2-g5");
        Binary binary = new Binary(ElfFile.open(f.path()));
        List<String> files = objdumpRuns(f).keySet().stream().map(k -> k.substring(0, k.indexOf(':'))).distinct()
                .sorted().toList();
        assertTrue(files.size() > 1, files.toString());
        binary.expectLineLookups(List.of(files.get(0)));
        LineIndex some = binary.lines(files.get(0));
        assertTrue(some.answers(files.get(0)));
        assertTrue(some.rowCount() < LineIndex.build(binary.dwarf()).rowCount());
        LineIndex other = binary.lines(files.get(1));
        assertTrue(other.answers(files.get(1)));
        assertEquals(LineIndex.build(binary.dwarf()).rowCount(), other.rowCount(), "an unexpected file: every row");
        assertTrue(binary.lines(files.get(0)) == other, "once read in full, the full index answers everything");
    }

    /** For each file:line of objdump's rows, the first address of each run of consecutive rows of it. */
    private static Map<String, List<Long>> objdumpRuns(Fixture f) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (String l : Tools.run(Fixtures.dir(), "objdump", "--dwarf=decodedline", f.path().toString())
                .split("\n")) {
            Matcher m = ROW.matcher(l);
            if (m.matches()) {
                boolean end = m.group(2).equals("-");
                rows.add(new Row(m.group(1), end ? 0 : Integer.parseInt(m.group(2)), Long.decode(m.group(3)), end));
            }
        }
        Map<String, List<Long>> nonEmpty = new LinkedHashMap<>();
        Map<String, List<Long>> empty = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (r.end() || (i > 0 && same(rows.get(i - 1), r))) {
                continue;
            }
            int e = i + 1;
            while (e < rows.size() && same(rows.get(e), r)) {
                e++;
            }
            long end = e < rows.size() ? rows.get(e).address() : r.address();
            String key = r.file() + ":" + r.line();
            (end != r.address() ? nonEmpty : empty).computeIfAbsent(key, k -> new ArrayList<>()).add(r.address());
            nonEmpty.computeIfAbsent(key, k -> new ArrayList<>());
        }
        Map<String, List<Long>> out = new LinkedHashMap<>();
        nonEmpty.forEach((k, v) -> out.put(k, v.isEmpty() ? empty.get(k) : v));
        return out;
    }

    private static void assertRuns(LineIndex index, Map<String, List<Long>> runs) {
        for (var e : runs.entrySet()) {
            String[] fl = e.getKey().split(":");
            LineLookup got = index.lookup(fl[0], Integer.parseInt(fl[1]));
            LineLookup.Found found = assertInstanceOf(LineLookup.Found.class, got, e.getKey());
            assertEquals(e.getValue(), found.locations().stream().map(LineLocation::address).toList(), e.getKey());
        }
    }

    private static boolean same(Row a, Row b) {
        return !a.end() && a.file().equals(b.file()) && a.line() == b.line();
    }

    /**
     * Column-narrowed lookups against runs computed from the decoded rows (which LineTableTest proves equal to
     * llvm-dwarfdump): every (file, line, column) of the -O2 executable.
     */
    @Test
    void columnsNarrowRuns() throws Exception {
        Fixture f = Fixtures.get("exe-O2-g5");
        DwarfInfo dwarf = DwarfInfo.of(ElfFile.open(f.path()));
        LineIndex index = LineIndex.build(dwarf);
        Map<String, List<Long>> expected = new LinkedHashMap<>();
        for (LineTable t : dwarf.lineTables()) {
            List<LineRow> rows = t.rows();
            for (int i = 0; i < rows.size(); i++) {
                LineRow r = rows.get(i);
                if (r.endSequence() || (i > 0 && sameColumn(rows.get(i - 1), r))) {
                    continue;
                }
                int e = i + 1;
                while (e < rows.size() && sameColumn(rows.get(e), r)) {
                    e++;
                }
                if (rows.get(e < rows.size() ? e : i).address() == r.address() || r.column() == 0) {
                    continue;
                }
                String name = t.file(r.file()).orElseThrow().name();
                expected.computeIfAbsent(name.substring(name.lastIndexOf('/') + 1) + ":" + r.line() + ":"
                        + r.column(), k -> new ArrayList<>()).add(r.address());
            }
        }
        assertTrue(expected.size() > 20, "columns: " + expected.size());
        for (var e : expected.entrySet()) {
            String[] p = e.getKey().split(":");
            LineLookup.Found found = assertInstanceOf(LineLookup.Found.class,
                    index.lookup(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2])), e.getKey());
            List<Long> got = found.locations().stream().filter(l -> l.endAddress() != l.address())
                    .map(LineLocation::address).toList();
            assertEquals(e.getValue(), got, e.getKey());
            found.locations().forEach(l -> assertEquals(Integer.parseInt(p[2]), l.column()));
        }
    }

    private static boolean sameColumn(LineRow a, LineRow b) {
        return !a.endSequence() && a.file() == b.file() && a.line() == b.line() && a.column() == b.column();
    }

    @Test
    void inlineCopiesOfHeaderLinesAreAllFound() throws Exception {
        Fixture f = Fixtures.get("exe-O2-g5");
        ElfFile elf = ElfFile.open(f.path());
        LineIndex index = LineIndex.build(DwarfInfo.of(elf));
        FunctionSymbols symbols = FunctionSymbols.of(elf);
        List<String> lines = Files.readAllLines(Fixtures.dir().resolve("inl.h"));
        int checked = 0;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = EXPECT.matcher(lines.get(i));
            if (!m.find()) {
                continue;
            }
            LineLookup.Found found = assertInstanceOf(LineLookup.Found.class, index.lookup("inl.h", i + 1));
            Set<String> functions = new TreeSet<>();
            for (LineLocation loc : found.locations()) {
                symbols.at(loc.address()).ifPresent(fo -> functions.add(fo.symbol().replaceAll("\\..*", "")));
                assertTrue(loc.file().endsWith("/inl.h") && loc.file().startsWith("/"), loc.file());
            }
            assertTrue(functions.containsAll(List.of(m.group(1).trim().split(" "))),
                    "inl.h:" + (i + 1) + " found in " + functions);
            checked++;
        }
        assertEquals(2, checked);
    }

    @Test
    void suffixMatchingReportsAmbiguityAndMissingFiles(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("a"));
        Files.createDirectories(tmp.resolve("b"));
        Files.writeString(tmp.resolve("a/util.h"), "static inline int ua(int x)\n{\n\treturn x * 3;\n}\n");
        Files.writeString(tmp.resolve("b/util.h"), "static inline int ub(int x)\n{\n\treturn x + 7;\n}\n");
        Files.writeString(tmp.resolve("dup.c"), "#include \"a/util.h\"\n#include \"b/util.h\"\n"
                + "int f(int x)\n{\n\treturn ua(x) + ub(x);\n}\n");
        Tools.run(tmp, "gcc", "-O0", "-g", "-c", "dup.c", "-o", "dup.o");
        LineIndex index = LineIndex.build(DwarfInfo.of(ElfFile.open(tmp.resolve("dup.o"))));
        LineLookup.Ambiguous amb = assertInstanceOf(LineLookup.Ambiguous.class, index.lookup("util.h", 3));
        assertEquals(List.of(tmp.resolve("a/util.h").toString(), tmp.resolve("b/util.h").toString()),
                amb.candidates());
        assertInstanceOf(LineLookup.Found.class, index.lookup("a/util.h", 3));
        assertInstanceOf(LineLookup.Found.class, index.lookup(tmp.resolve("b/util.h").toString(), 3));
        assertInstanceOf(LineLookup.Found.class, index.lookup("./b/../a/util.h", 3));
        assertInstanceOf(LineLookup.NoSuchFile.class, index.lookup("c/util.h", 3));
        assertInstanceOf(LineLookup.NoSuchFile.class, index.lookup("til.h", 3));
        // restricted to these queries (and to a file of another name), the answers are the same
        List<String> queries = List.of("util.h", "a/util.h", tmp.resolve("b/util.h").toString(), "c/util.h", "til.h");
        LineIndex some = LineIndex.build(DwarfInfo.of(ElfFile.open(tmp.resolve("dup.o"))), queries);
        for (String q : queries) {
            assertTrue(some.answers(q), q);
            for (int line = 1; line <= 7; line++) {
                assertEquals(index.lookup(q, line), some.lookup(q, line), q + ":" + line);
            }
        }
        LineIndex other = LineIndex.build(DwarfInfo.of(ElfFile.open(tmp.resolve("dup.o"))), List.of("a/util.h"));
        assertEquals(index.lookup("a/util.h", 3), other.lookup("a/util.h", 3));
        assertTrue(!other.answers("util.h") && !other.answers("dup.c"));
        assertInstanceOf(LineLookup.NoCode.class, index.lookup("dup.c", 1));
    }
}
