package dev.klas.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Edges of globs, name patterns, includes and pointcut records that the samples do not reach. */
class PatternEdgesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tcp_[!ab].c  | tcp_!.c | true",
        "tcp_[!ab].c  | tcp_c.c | true",
        "x[-a].c      | x-.c    | true",
        "x[a-].c      | x-.c    | true",
        "x[a-].c      | xb.c    | false",
        "x[a-c].c     | xb.c    | true",
        "x[a&&b].c    | x&.c    | true",
        "x[a&&b].c    | xa.c    | true",
        "x[^a].c      | x^.c    | true",
        "x[^a].c      | xb.c    | false",
        "x[[a].c      | x[.c    | true",
        "x[a\\].c     | x\\.c   | true",
        "x[a\\].c     | xb.c    | false",
    })
    void bracketsTakeTheirCharactersLiterally(String glob, String path, boolean expected) {
        assertEquals(expected, Glob.of(glob).matches(path), glob + " on " + path);
    }

    @Test
    void malformedGlobEdges() {
        PatternSyntaxError unclosed = assertThrows(PatternSyntaxError.class, () -> Glob.of("a[b-"));
        assertEquals(1, unclosed.index());
        assertTrue(unclosed.getMessage().contains("never closed"), unclosed.getMessage());
        PatternSyntaxError control = assertThrows(PatternSyntaxError.class, () -> Glob.of("ab\tc.c"));
        assertEquals(2, control.index());
        assertTrue(control.getMessage().contains("control character"), control.getMessage());
        assertEquals("net/*.c", Glob.of("net/*.c").toString());
    }

    @Test
    void namePatternStartingWithAWildcardIsNotExact() {
        assertFalse(NamePattern.of("*len").isExact());
        assertTrue(NamePattern.of("*len").matches("m_len"));
        assertFalse(NamePattern.of("?len").isExact());
        assertTrue(NamePattern.of("?len").matches("mlen"));
        assertFalse(NamePattern.of("?len").matches("len"));
    }

    @Test
    void includeDirectives() {
        SourcePosition at = new SourcePosition("t.xml", 1, 1);
        assertEquals(Optional.empty(), Include.parse("linux/a.h int x;"));
        assertEquals(Optional.of("<linux/a.h>"), Include.parse("linux/a.h"));
        assertEquals(Optional.of("\"a.h\""), Include.parse("\"a.h\""));
        assertEquals("<a.h>", new Include("<a.h>", at).directive());
        assertThrows(IllegalArgumentException.class, () -> new Include("a.h", at), "a bare path is not a directive");
        assertThrows(IllegalArgumentException.class, () -> new Include("<a.h> x", at));
    }

    @Test
    void pointcutRecordsRefuseWhatCannotBeWritten() {
        Pointcut f = new Pointcut.Call(NamePattern.of("f"));
        assertThrows(IllegalArgumentException.class, () -> new Pointcut.And(List.of(f)));
        assertThrows(IllegalArgumentException.class, () -> new Pointcut.Or(List.of(f)));
        assertThrows(IllegalArgumentException.class, () -> new Pointcut.Line(Glob.of("a.c"), 0));
        assertEquals(1, new Pointcut.Line(Glob.of("a.c"), 1).line());
        assertThrows(IllegalArgumentException.class, () -> new InvalidAspectException(List.of()));
    }

    @Test
    void hasSelectorWantsAPositiveSelectorInEveryAlternative() throws Exception {
        assertTrue(Pointcuts.hasSelector(PointcutParser.parse("call(f) && !call(g)")));
        assertFalse(Pointcuts.hasSelector(PointcutParser.parse("within(\"a.c\") && !call(f)")));
        assertFalse(Pointcuts.hasSelector(PointcutParser.parse("call(f) || !call(g)")));
        assertFalse(Pointcuts.hasSelector(PointcutParser.parse("call(f) || within(\"a.c\")")));
        assertTrue(Pointcuts.hasSelector(PointcutParser.parse("call(f) || execution(g) && within(\"a.c\")")));
    }

    @Test
    void selectorsAreListedInWrittenOrderThroughEveryOperator() throws Exception {
        Pointcut p = PointcutParser.parse("call(a) && !(call(b) || execution(c)) && (call(d) || call(e))");
        assertEquals(List.of("a", "b", "c", "d", "e"), Pointcuts.selectors(p).stream()
                .map(s -> s instanceof Pointcut.Call c ? c.function().toString()
                        : ((Pointcut.Execution) s).function().toString())
                .toList());
        Pointcut calls = PointcutParser.parse("segment-call(\"a\", \"b\") || segment-call(\"c\", \"d\", f)");
        assertEquals(List.of(new Pointcut.SegmentCall(Glob.of("a"), Glob.of("b"), NamePattern.of("*")),
                new Pointcut.SegmentCall(Glob.of("c"), Glob.of("d"), NamePattern.of("f"))),
                Pointcuts.segmentCalls(calls));
        assertEquals(List.of(), Pointcuts.segmentCalls(PointcutParser.parse("call(f) || execution(g)")));
    }

    @Test
    void textOriginCountsLinesAndRunsOnPastTheEnd() {
        TextOrigin o = TextOrigin.of("e", "ab\ncd");
        assertEquals(new SourcePosition("e", 1, 1), o.positionOf(0));
        assertEquals(new SourcePosition("e", 1, 3), o.positionOf(2));
        assertEquals(new SourcePosition("e", 2, 1), o.positionOf(3));
        assertEquals(new SourcePosition("e", 2, 3), o.positionOf(5));
        assertEquals(new SourcePosition("e", 2, 5), o.positionOf(7));
    }

    @Test
    void excerptShowsTheErrorsOwnLineWithTabsKept() {
        String text = "call(f) ||\n\tcall(g) )\n|| call(h)";
        InvalidAspectException e = assertThrows(InvalidAspectException.class, () -> PointcutParser.parse(text));
        AspectError error = e.errors().get(0);
        assertEquals(new SourcePosition("<pointcut>", 2, 10), error.position());
        assertEquals(Optional.of("  \tcall(g) )\n  \t        ^"), error.excerpt());
    }

    @Test
    void anEmptyPointcutIsShownAsAnEmptyLine() {
        InvalidAspectException e = assertThrows(InvalidAspectException.class, () -> PointcutParser.parse("\n  "));
        assertEquals(new SourcePosition("<pointcut>", 1, 1), e.errors().get(0).position());
        assertEquals(Optional.of("  \n  ^"), e.errors().get(0).excerpt());
    }

    @Test
    void selectorPositionsStopAtAnUnfinishedSelector() {
        for (String text : List.of("call(f) || call", "call(f) || call(g", "call(f) || call(")) {
            var at = PointcutParser.selectorPositions(text, TextOrigin.of("e", text));
            assertEquals(List.of(new Pointcut.Call(NamePattern.of("f"))), List.copyOf(at.keySet()), text);
            assertEquals(List.of(new SourcePosition("e", 1, 1)), List.copyOf(at.values()), text);
        }
    }
}
