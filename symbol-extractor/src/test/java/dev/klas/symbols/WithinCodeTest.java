package dev.klas.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.schema.PointcutParser;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code withincode} over the fixtures rx.c, tx.c and their header pkt.h: each pointcut selects exactly the marked
 * shadows ({@code expect:} comments) of the functions it names. The function of a mark is the definition whose
 * body holds its line, read from the fixture text, apart from the parser and the SQL.
 */
class WithinCodeTest {
    static final List<String> FILES = List.of("rx.c", "tx.c", "pkt.h");
    private static final Pattern DEFINITION = Pattern.compile("^(?:static inline )?[a-z][\\w\\s*]*?\\b(\\w+)\\(.*");
    private static final Set<String> FIELD = Set.of("get", "set", "rw", "addr", "fpcall");

    /** One expected shadow: {@code verb} and {@code name} as in {@link Expectations}, and its function. */
    record Mark(String file, int line, String verb, String name, String function) {
        String shadow() {
            return file + ":" + line + " " + verb + " " + name;
        }
    }

    @TempDir
    static Path tmp;
    static Path db;
    static final List<Mark> marks = new ArrayList<>();

    @BeforeAll
    static void extractFixtures() throws Exception {
        Path root = ExtractorTest.FIXTURES;
        var units = ExtractionRequest.fromFlags("gcc", List.of(root.resolve("rx.c"), root.resolve("tx.c")),
                List.of(), List.of(), List.of(), List.of("-std=gnu11"));
        db = tmp.resolve("symbols.db");
        ExtractionReport r = new Extractor().run(ExtractionRequest.of(root, db, units)
                .withProbeCache(tmp.resolve("probe")));
        assertFalse(r.partial(), r.toString());
        for (String file : FILES) {
            List<String> lines = Files.readAllLines(root.resolve(file));
            var expected = Expectations.read(root.resolve(file));
            String function = "";
            for (int i = 0; i < lines.size(); i++) {
                Matcher d = DEFINITION.matcher(lines.get(i));
                if (d.matches() && i + 1 < lines.size() && lines.get(i + 1).equals("{")) {
                    function = d.group(1);
                }
                for (String item : expected.getOrDefault(i + 1, Set.of())) {
                    String[] f = item.split(" ");
                    marks.add(new Mark(file, i + 1, f[0], f[1], function));
                }
                if (lines.get(i).equals("}")) {
                    function = "";
                }
            }
        }
        assertTrue(marks.stream().allMatch(m -> !m.function().isEmpty()), "every mark lies in a function");
    }

    static Stream<Arguments> cases() {
        Predicate<Mark> field = m -> FIELD.contains(m.verb());
        Predicate<Mark> len = m -> field.test(m) && m.name().equals("pkt.len");
        Predicate<Mark> pkt = m -> field.test(m) && m.name().startsWith("pkt.");
        Predicate<Mark> rx = m -> m.function().startsWith("rx_");
        return Stream.of(
                Arguments.of("field-access(pkt.len) && withincode(rx_one)", len.and(in("rx_one"))),
                Arguments.of("field-access(pkt.len) && withincode(rx_tx_len)", len.and(in("rx_tx_len"))),
                Arguments.of("field-access(pkt.*) && withincode(rx_*)", pkt.and(rx)),
                Arguments.of("field-access(*.*) && withincode(?x_one)", field.and(in("rx_one", "tx_one"))),
                Arguments.of("call(*) && (withincode(rx_one) || withincode(tx_flush))",
                        verb("call").and(in("rx_one", "tx_flush"))),
                Arguments.of("(withincode(pkt_len) || withincode(pkt_put)) && field-access(pkt.*)",
                        pkt.and(in("pkt_len", "pkt_put"))),
                Arguments.of("field-access(pkt.len) && withincode(rx_*) && within(\"*.c\")",
                        len.and(rx).and(m -> m.file().endsWith(".c"))),
                Arguments.of("field-access(pkt.len) && withincode(rx_*) && within(\"*.h\")",
                        len.and(rx).and(m -> m.file().equals("pkt.h"))),
                Arguments.of("field-access(pkt.len) && withincode(rx_*) && !within(\"*.h\")",
                        len.and(rx).and(m -> !m.file().equals("pkt.h"))),
                Arguments.of("field-access(pkt.len) && !withincode(rx_*)", len.and(rx.negate())),
                Arguments.of("set(*.*) && !(withincode(rx_*) || withincode(pkt_*))",
                        verb("set").or(verb("rw")).and(rx.negate()).and(m -> !m.function().startsWith("pkt_"))),
                Arguments.of("withincode(pkt_put)", in("pkt_put")),
                Arguments.of("withincode(tx_*) && !call(*)", in("tx_one", "tx_flush").and(verb("call").negate())));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void withincodeSelectsTheMarksOfItsFunctions(String pointcut, Predicate<Mark> selected) throws Exception {
        Set<String> want = marks.stream().filter(selected).map(Mark::shadow)
                .collect(Collectors.toCollection(TreeSet::new));
        assertFalse(want.isEmpty(), "a case that selects nothing would not tell withincode from its absence");
        assertEquals(want, matched(pointcut));
        String everywhere = pointcut.replaceAll("withincode\\(\\S+?\\)", "within(\"**\")");
        assertNotEquals(want, matched(everywhere), "withincode must decide something in " + pointcut);
    }

    @Test
    void aFunctionNoFixtureDefinesSelectsNothing() throws Exception {
        assertEquals(Set.of(), matched("withincode(nosuch) || withincode(rx_one?) || withincode(*_rx)"));
        assertEquals(Set.of(), matched("field-access(pkt.len) && withincode(pkt_put) && within(\"rx.c\")"));
    }

    /**
     * runsin/runsinfile are decided on resolved addresses, not on shadows: the symbol table selects the same shadows
     * with them as without, whatever they say (klas resolve and weave drop the join points that fail them), and
     * the no-match diagnosis looks past them.
     */
    @ParameterizedTest
    @MethodSource("cases")
    void runsInTermsLeaveTheShadowsAlone(String pointcut, Predicate<Mark> selected) throws Exception {
        Set<String> want = marks.stream().filter(selected).map(Mark::shadow)
                .collect(Collectors.toCollection(TreeSet::new));
        for (String rule : List.of("runsin(nosuch)", "!runsin(*)", "(runsin(rx_one) || !runsinfile(\"**\"))")) {
            assertEquals(want, matched("(" + pointcut + ") && " + rule), rule);
        }
        try (SymbolTable t = SymbolTable.open(db)) {
            assertEquals(t.diagnose(PointcutParser.parse("field-access(pkt.len) && withincode(nosuch)")),
                    t.diagnose(PointcutParser.parse("field-access(pkt.len) && withincode(nosuch) && !runsin(tx_one)")));
        }
    }

    private static Predicate<Mark> in(String... functions) {
        Set<String> set = Set.of(functions);
        return m -> set.contains(m.function());
    }

    private static Predicate<Mark> verb(String v) {
        return m -> m.verb().equals(v);
    }

    private static Set<String> matched(String pointcut) throws Exception {
        try (SymbolTable t = SymbolTable.open(db)) {
            return t.match(PointcutParser.parse(pointcut)).stream()
                    .map(s -> s.file() + ":" + s.line() + " " + Expectations.verb(s.kind()) + " "
                            + (s.struct().isEmpty() ? s.member() : s.struct() + "." + s.member()))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
