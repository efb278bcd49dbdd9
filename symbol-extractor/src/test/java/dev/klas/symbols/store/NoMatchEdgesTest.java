package dev.klas.symbols.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.klas.schema.Pointcut;
import dev.klas.schema.PointcutParser;
import dev.klas.symbols.MatchDiagnosis;
import dev.klas.symbols.Shadow;
import dev.klas.symbols.ShadowKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diagnoses NoMatchSqlTest's table does not reach: line selectors, segment calls, field selectors that do select
 * (fp-calls count as reads), restrictions that exclude only together, single-shadow wording, function names seen only
 * as enclosing functions, and member names that must not be offered as functions. Suggestions' edit distance is
 * checked on textbook pairs.
 */
class NoMatchEdgesTest {
    @TempDir
    static Path tmp;
    static ShadowStore store;

    @BeforeAll
    static void table() throws Exception {
        store = new ShadowStore(Database.open(tmp.resolve("symbols.db"), true));
        List<Shadow> a = List.of(
                new Shadow(ShadowKind.FP_CALL, "a.c", 1, 1, "f", "ops", "fn", ""),
                new Shadow(ShadowKind.FIELD_READ, "a.c", 2, 1, "f", "S", "m", ""),
                new Shadow(ShadowKind.FIELD_READ, "a.c", 4, 1, "zap_all", "S", "zap_alx", ""));
        List<Shadow> b = List.of(new Shadow(ShadowKind.FIELD_READ, "b.c", 3, 1, "g", "S", "m", ""));
        store.write(List.of(new UnitWrite("a.c", "f", "ok", "", Map.of("a.c", "h"), Map.of(), a),
                new UnitWrite("b.c", "f", "ok", "", Map.of("b.c", "h"), Map.of(), b)));
    }

    @AfterAll
    static void close() throws Exception {
        store.close();
    }

    private static List<MatchDiagnosis> diagnose(String pointcut) throws Exception {
        return NoMatchSql.diagnose(store.connection(), PointcutParser.parse(pointcut));
    }

    private static List<String> why(String pointcut) throws Exception {
        return diagnose(pointcut).stream().map(MatchDiagnosis::reason).toList();
    }

    @Test
    void lineSelectors() throws Exception {
        assertEquals(List.of("no shadow on line 99 of the files matching \"a.c\""), why("line(\"a.c\":99)"));
        assertEquals(List.of("no file in the table matches \"zz.c\""), why("line(\"zz.c\":1)"));
        assertEquals(List.of(), why("line(\"a.c\":2)"));
    }

    @Test
    void segmentCallsAreMatchedAtRunTime() throws Exception {
        assertEquals(List.of("selects no shadow in the source (matched at run time)"),
                why("segment-call(\"main\", \"lib*.so\")"));
    }

    @Test
    void fieldSelectorsThatSelectHaveNoDiagnosis() throws Exception {
        assertEquals(List.of(), why("get(ops.fn)"), "a call through the member reads it");
        assertEquals(List.of(), why("fp-call(ops.fn)"));
        assertEquals(List.of(), why("get(S.m)"));
    }

    @Test
    void restrictionsThatExcludeOnlyTogetherAreNamedTogether() throws Exception {
        List<MatchDiagnosis> d = diagnose("get(S.m) && within(\"a.c\") && withincode(g)");
        assertEquals(1, d.size(), d.toString());
        assertEquals(List.of(PointcutParser.parse("within(\"a.c\")"), PointcutParser.parse("withincode(g)")),
                d.get(0).restrictions());
        assertEquals("2 shadows of get(S.m) are excluded by within(\"a.c\") && withincode(g)", d.get(0).reason());
    }

    @Test
    void oneShadowIsWordedInTheSingular() throws Exception {
        assertEquals(List.of("1 shadow of fp-call(ops.fn) is excluded by !withincode(f)"),
                why("fp-call(ops.fn) && !withincode(f)"));
        assertEquals(List.of("1 shadow of fp-call(ops.fn) lies outside within(\"b.c\")"),
                why("fp-call(ops.fn) && within(\"b.c\")"));
    }

    @Test
    void functionSuggestionsComeFromFunctionsOnly() throws Exception {
        assertEquals(List.of("no function 'zap_al' in the table (did you mean zap_all?)"), why("execution(zap_al)"));
        assertEquals(List.of("no function matches 'zap_q*' in the table"), why("call(zap_q*)"));
    }

    @Test
    void aGlobUsedTwiceSelectsTheSameFiles() throws Exception {
        Pointcut p = PointcutParser.parse("get(S.m) && within(\"a.c\") || fp-call(ops.fn) && within(\"a.c\")");
        assertEquals(List.of(1, 2), PointcutSql.match(store.connection(), p).stream().map(Shadow::line).sorted().toList());
    }

    @Test
    void editDistanceOnTextbookPairs() {
        assertEquals(3, Suggestions.distance("kitten", "sitting"));
        assertEquals(1, Suggestions.distance("ca", "ac"));
        assertEquals(3, Suggestions.distance("abc", ""));
        assertEquals(3, Suggestions.distance("", "abc"));
        assertEquals(3, Suggestions.distance("abc", "x"));
        assertEquals(3, Suggestions.distance("x", "abc"));
    }

    @Test
    void closeNamesWithinOneTwoOrThreeEditsByLength() {
        assertEquals(List.of("abd"), Suggestions.closest("abc", List.of("abd", "xbd")));
        assertEquals(List.of("abcdefXY"), Suggestions.closest("abcdefgh", List.of("abcdefXY", "abcdeXYZ")));
        assertEquals(List.of("abcdefXYZ"), Suggestions.closest("abcdefghi", List.of("abcdefXYZ", "abcdeWXYZ")));
    }
}
