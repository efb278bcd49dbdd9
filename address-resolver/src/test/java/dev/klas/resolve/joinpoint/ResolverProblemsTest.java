package dev.klas.resolve.joinpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.Tools;
import dev.klas.resolve.elf.ElfFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What the resolver says when it cannot do what a place asks, on test resource resolver/problems (gcc -O2): a file no
 * line table names, a line without code, a file name two headers share, a function that is not there, a struct
 * without a DWARF layout, a member the struct lacks, a struct tag with two layouts in one unit, a binary without
 * code bytes; and the entries of a function's symbol and inlined copies (llvm-dwarfdump's inlined subroutines).
 */
class ResolverProblemsTest {
    private static final Pattern ROW = Pattern.compile("^problems\\.c\\s+(\\d+)\\s+(0x[0-9a-f]+)(?:\\s+\\d+)?\\s+x\\s*$");
    private static final Pattern INLINED = Pattern.compile(
            "DW_TAG_inlined_subroutine\\s+DW_AT_abstract_origin\\s+\\(0x[0-9a-f]+ \"(\\w+)\"\\)\\s+"
                    + "DW_AT_entry_pc\\s+\\((0x[0-9a-f]+)\\)\\s+(?:DW_AT_GNU_entry_view\\s+\\(0x[0-9a-f]+\\)\\s+)?(\\w+)");
    private static final List<String> SOURCES = List.of("problems.c", "a/util.h", "b/util.h");
    private static Path dir;

    /** gcc -O2 -g -fPIC -shared -o libproblems.so problems.c and its debug file, once per test JVM. */
    private static synchronized Path lib() throws IOException {
        if (dir == null) {
            Path d = Files.createTempDirectory("klas-problems").toRealPath();
            for (String s : SOURCES) {
                Files.createDirectories(d.resolve(s).getParent());
                try (InputStream in = ResolverProblemsTest.class.getResourceAsStream("/resolver/problems/" + s)) {
                    Files.copy(in, d.resolve(s));
                }
            }
            Tools.run(d, "gcc", "-O2", "-g", "-fPIC", "-shared", "-o", "libproblems.so", "problems.c");
            Tools.run(d, "objcopy", "--only-keep-debug", "libproblems.so", "libproblems.debug");
            dir = d;
        }
        return dir.resolve("libproblems.so");
    }

    private static Resolver resolver() throws IOException {
        return new Resolver(new Binary(ElfFile.open(lib())));
    }

    private static SourcePlace place(PlaceKind kind, String file, int line, String struct, String member) {
        return new SourcePlace(kind, file, line, 0, struct, member, "");
    }

    /** The number of the first line of problems.c holding {@code text}. */
    private static int lineOf(String text) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("problems.c"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError("problems.c has no line with " + text);
    }

    @Test
    void refusalsNameTheirCause() throws IOException {
        Resolver r = resolver();
        assertRefused("no line table names a file ending in nosuch.c",
                r.resolve(place(PlaceKind.FIELD_READ, "nosuch.c", 3, "cell", "v")));
        assertTrue(stmtRows().stream().noneMatch(row -> row[0] == 1), "readelf shows code on line 1");
        assertRefused(dir.resolve("problems.c") + ":1 has no code (optimized out, or not compiled)",
                r.resolve(place(PlaceKind.LINE, "problems.c", 1, "", "")));
        assertRefused("util.h names several files: " + dir.resolve("a/util.h") + ", " + dir.resolve("b/util.h"),
                r.resolve(place(PlaceKind.LINE, "util.h", 3, "", "")));
        assertRefused("no function symbol nosuch and no inlined copy of it (static and removed, or not in this "
                + "binary)", r.resolve(place(PlaceKind.FUNCTION, "problems.c", 0, "", "nosuch")));
        assertRefused("no function symbol sq and no inlined copy of it (static and removed, or not in this binary)",
                r.resolve(place(PlaceKind.FUNCTION, "other.c", 0, "", "sq")));
        Binary debugOnly = new Binary(ElfFile.open(lib().resolveSibling("libproblems.debug")));
        assertRefused("no code for this place in the binary", new Resolver(debugOnly)
                .resolve(place(PlaceKind.LINE, "problems.c", lineOf("set_cell"), "", "")));
    }

    /**
     * A field place the resolver cannot pin goes on the line's first is_stmt row (readelf), with the reason; the
     * same line's writable member gets the store objdump shows.
     */
    @Test
    void fieldPlacesFallBackToTheLineWithTheReason() throws IOException {
        Resolver r = resolver();
        int setCell = lineOf("set_cell");
        int twin = lineOf("struct twin { int a");
        assertLine("no DWARF layout of struct nosuch", setCell,
                r.resolve(place(PlaceKind.FIELD_WRITE, "problems.c", setCell, "nosuch", "v")));
        assertLine("struct cell has no member w", setCell,
                r.resolve(place(PlaceKind.FIELD_WRITE, "problems.c", setCell, "cell", "w")));
        assertLine("struct twin has 2 different layouts", twin,
                r.resolve(place(PlaceKind.FIELD_WRITE, "problems.c", twin, "twin", "b")));
        Resolution store = r.resolve(place(PlaceKind.FIELD_WRITE, "problems.c", setCell, "cell", "v"));
        assertEquals(Optional.empty(), store.problem());
        assertEquals(1, store.joinPoints().size(), store.toString());
        JoinPoint jp = store.joinPoints().get(0);
        assertInstanceOf(Precision.Access.class, jp.precision());
        assertEquals("ACCESS", jp.precisionLabel());
        assertEquals("ACCESS", jp.precision().label());
        String insn = objdumpAt(jp.address());
        assertTrue(insn.matches("movl\\s+\\$0x1,\\(%rdi\\)"), insn);
        assertEquals(".text", jp.section());
    }

    /**
     * A function's join points: its symbol's address and the entry of every inlined copy llvm-dwarfdump shows
     * (DW_AT_entry_pc of each DW_TAG_inlined_subroutine of it), the latter marked as inlined copies where the copy
     * is one address range (DW_AT_low_pc). Not checked: twice's copies, whose DW_AT_ranges start with an empty range
     * at the entry, so that the inline chain at the entry does not hold the copy and inlinedCopy() says false.
     */
    @Test
    void functionPlacesAreTheSymbolAndEveryInlinedEntry() throws IOException {
        Resolver r = resolver();
        Set<Long> inlined = new TreeSet<>();
        Set<Long> contiguous = new TreeSet<>();
        Matcher m = INLINED.matcher(Tools.run(dir, "llvm-dwarfdump", "--debug-info", lib().toString()));
        while (m.find()) {
            if (m.group(1).equals("sq")) {
                inlined.add(Long.decode(m.group(2)));
                if (m.group(3).equals("DW_AT_low_pc")) {
                    contiguous.add(Long.decode(m.group(2)));
                }
            }
        }
        assertEquals(4, inlined.size(), "inlined copies of sq: " + inlined);
        assertEquals(2, contiguous.size(), "inlined copies of sq in one range: " + contiguous);
        long symbol = symbol("sq");
        Resolution sq = r.resolve(place(PlaceKind.FUNCTION, "problems.c", 0, "", "sq"));
        Set<Long> want = new TreeSet<>(inlined);
        want.add(symbol);
        assertEquals(want, sq.joinPoints().stream().map(JoinPoint::address).collect(Collectors.toSet()), sq.toString());
        for (JoinPoint jp : sq.joinPoints()) {
            if (jp.address() == symbol || contiguous.contains(jp.address())) {
                assertEquals(jp.address() != symbol, jp.inlinedCopy(), jp.toString());
            }
            assertEquals("ENTRY", jp.precisionLabel());
        }
        Resolution twice = r.resolve(place(PlaceKind.FUNCTION, "problems.c", 0, "", "twice"));
        assertEquals(List.of(symbol("twice")), twice.joinPoints().stream().map(JoinPoint::address).toList());
        assertTrue(!twice.joinPoints().get(0).inlinedCopy());
    }

    @Test
    void exactlyTheFourFieldKindsAreFieldAccesses() {
        Set<PlaceKind> fields = Set.of(PlaceKind.FIELD_READ, PlaceKind.FIELD_WRITE, PlaceKind.FIELD_READWRITE,
                PlaceKind.FIELD_ADDRESS);
        for (PlaceKind k : PlaceKind.values()) {
            assertEquals(fields.contains(k), k.isFieldAccess(), k.name());
        }
    }

    private static void assertRefused(String problem, Resolution r) {
        assertEquals(List.of(), r.joinPoints());
        assertEquals(Optional.of(problem), r.problem());
    }

    private static void assertLine(String reason, int line, Resolution r) throws IOException {
        assertEquals(Optional.empty(), r.problem());
        assertEquals(1, r.joinPoints().size(), r.toString());
        JoinPoint jp = r.joinPoints().get(0);
        assertEquals(new Precision.Line(reason), jp.precision());
        assertEquals("LINE", jp.precisionLabel());
        assertEquals("LINE", jp.precision().label());
        long first = stmtRows().stream().filter(row -> row[0] == line).mapToLong(row -> row[1]).min().orElseThrow();
        assertEquals(first, jp.address(), "first is_stmt row of line " + line);
    }

    /** readelf's is_stmt rows of problems.c: {line, address}. */
    private static List<long[]> stmtRows() throws IOException {
        List<long[]> out = new ArrayList<>();
        for (String l : Tools.run(dir, "readelf", "--debug-dump=decodedline", "-W", lib().toString()).split("\n")) {
            Matcher m = ROW.matcher(l);
            if (m.matches()) {
                out.add(new long[] {Long.parseLong(m.group(1)), Long.decode(m.group(2))});
            }
        }
        return out;
    }

    private static long symbol(String name) throws IOException {
        for (String l : Tools.run(dir, "readelf", "-sW", lib().toString()).split("\n")) {
            String[] f = l.trim().split("\\s+");
            if (f.length == 8 && f[3].equals("FUNC") && f[7].equals(name)) {
                return Long.parseLong(f[1], 16);
            }
        }
        throw new AssertionError("readelf shows no function " + name);
    }

    private static String objdumpAt(long address) throws IOException {
        String hex = Long.toHexString(address);
        for (String l : Tools.run(dir, "objdump", "-d", "-w", lib().toString()).split("\n")) {
            String[] f = l.split("\t");
            if (f.length >= 3 && f[0].trim().equals(hex + ":")) {
                return f[2].trim();
            }
        }
        throw new AssertionError("objdump shows no instruction at 0x" + hex);
    }
}
