package dev.klas.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.klas.schema.PointcutParser;
import dev.klas.symbols.config.CompileCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pointcut → shadows over samples/mbuf-user, judged by the {@code expect:} marks in its source (read with a regular
 * expression, independent of the parser and of the SQL): each pointcut selects exactly the marked lines it names.
 */
class PointcutMatchTest {
    private static final Pattern EXPECT = Pattern.compile("/\\* expect: (.*?) \\*/");
    private static final Pattern DEFINITION = Pattern.compile("^(?:static inline )?[a-z][\\w\\s*]*?\\b(\\w+)\\(.*\\)$");

    record Mark(String file, int line, String op, String what) {
        String place() {
            return file + ":" + line;
        }
    }

    @TempDir
    static Path tmp;
    static Path db;
    static List<Mark> marks = new ArrayList<>();
    static Set<String> definitions = new TreeSet<>();

    @BeforeAll
    static void extractSample() throws IOException {
        Path sample = sample();
        List<Path> files = List.of(sample.resolve("main.c"), sample.resolve("mbuf.c"), sample.resolve("fileops.c"));
        List<CompileCommand> units = ExtractionRequest.fromFlags("gcc", files, List.of(), List.of(), List.of(),
                List.of("-std=gnu11"));
        db = tmp.resolve("symbols.db");
        ExtractionReport r = new Extractor().run(ExtractionRequest.of(sample, db, units).withJobs(2)
                .withProbeCache(tmp.resolve("probe")));
        assertFalse(r.partial(), r.toString());
        for (String file : List.of("mbuf.h", "main.c", "mbuf.c", "fileops.c")) {
            List<String> lines = Files.readAllLines(sample.resolve(file));
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = EXPECT.matcher(lines.get(i));
                if (m.find()) {
                    for (String item : m.group(1).split(";")) {
                        String[] f = item.trim().split(" ");
                        marks.add(new Mark(file, i + 1, f[0], f[1]));
                    }
                }
                Matcher d = DEFINITION.matcher(lines.get(i));
                if (d.matches() && i + 1 < lines.size() && lines.get(i + 1).equals("{")) {
                    definitions.add(d.group(1) + "@" + file + ":" + (i + 1));
                }
            }
        }
    }

    static Path sample() {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve("samples/mbuf-user"))) {
            p = p.getParent();
        }
        return p.resolve("samples/mbuf-user");
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "field-access(mbuf.m_len) => get set rw | mbuf.m_len | *",
        "get(struct mbuf.m_len) => get rw | mbuf.m_len | *",
        "set(mbuf.m_len) => set rw | mbuf.m_len | *",
        "set(mbuf.m_len) && within(\"mbuf.c\") => set rw | mbuf.m_len | mbuf.c",
        "field-access(mbuf.m_len) && !within(\"*.h\") => get set rw | mbuf.m_len | *.c",
        "fp-call(fileops.fo_read) => fpcall | fileops.fo_read | *",
        "fp-call(*.fo_*) => fpcall | fileops.fo_* | *",
        "call(m_free) => call | m_free | *",
        "call(m_free) && withincode(m_*) => call | m_free | *",
    })
    void pointcutSelectsTheMarkedLines(String pointcut, String expected) throws Exception {
        String[] e = expected.split(" \\| ");
        Set<String> ops = Set.of(e[0].split(" "));
        Predicate<Mark> fileOk = m -> e[2].equals("*") || (e[2].startsWith("*") ? m.file().endsWith(e[2].substring(1))
                : m.file().equals(e[2]));
        Pattern what = Pattern.compile(e[1].replace(".", "\\.").replace("*", ".*"));
        Set<String> want = marks.stream().filter(m -> ops.contains(m.op()) && what.matcher(m.what()).matches()
                        && fileOk.test(m))
                .map(Mark::place).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(want, matched(pointcut));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {"execution(m_*) => m_",
        "execution(*) && !within(\"/usr/**\") => ", "execution(m_?et) => m_get"})
    void executionSelectsFunctionDefinitions(String pointcut, String prefix) throws Exception {
        String p = prefix == null ? "" : prefix;
        Set<String> want = definitions.stream().filter(d -> d.startsWith(p))
                .filter(d -> !pointcut.contains("?") || d.startsWith(p + "@"))
                .map(d -> d.substring(d.indexOf('@') + 1)).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(want, matched(pointcut));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {"line(\"mbuf.c\":22) => mbuf.c:22", "line(\"nosuch.c\":22) => "})
    void lineSelectsEverythingOnIt(String pointcut, String expected) throws Exception {
        Set<String> want = expected == null ? Set.of() : Set.of(expected);
        assertEquals(want, matched(pointcut));
    }

    /** A segment-call is matched at run time between load segments: no source shadow, whatever the globs. */
    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {"segment-call(\"main\", \"*\") => ",
        "segment-call(\"*\", \"*\", \"m_*\") || segment-call(\"main\", \"mbuf*\") => "})
    void segmentCallSelectsNoShadow(String pointcut, String expected) throws Exception {
        assertEquals(Set.of(), matched(pointcut));
        assertFalse(matched("execution(m_*)").isEmpty(), "the table has shadows that a source selector finds");
    }

    private static Set<String> matched(String pointcut) throws Exception {
        try (SymbolTable t = SymbolTable.open(db)) {
            return t.match(PointcutParser.parse(pointcut)).stream().map(s -> s.file() + ":" + s.line())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
