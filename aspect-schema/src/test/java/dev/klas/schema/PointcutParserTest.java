package dev.klas.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every operator of the expression language, precedence, names, and syntax errors with column and caret. */
class PointcutParserTest {

    private static Pointcut parse(String s) throws InvalidAspectException {
        return PointcutParser.parse(s);
    }

    @Test
    void selectorsBuildTheirRecords() throws Exception {
        NamePattern mbuf = NamePattern.of("mbuf");
        NamePattern len = NamePattern.of("m_len");
        assertEquals(new Pointcut.FieldAccess(mbuf, len, Access.READ), parse("get(mbuf.m_len)"));
        assertEquals(new Pointcut.FieldAccess(mbuf, len, Access.WRITE), parse("set(struct mbuf.m_len)"));
        assertEquals(new Pointcut.FieldAccess(mbuf, len, Access.ANY), parse("field-access( mbuf . m_len )"));
        assertEquals(new Pointcut.FpCall(NamePattern.of("fileops"), NamePattern.of("fo_*")), parse("fp-call(fileops.fo_*)"));
        assertEquals(new Pointcut.Call(NamePattern.of("kfree")), parse("call(kfree)"));
        assertEquals(new Pointcut.Execution(NamePattern.of("tcp_?endmsg")), parse("execution(tcp_?endmsg)"));
        assertEquals(new Pointcut.Line(Glob.of("tcp.c"), 42), parse("line(\"tcp.c\":42)"));
        assertEquals(new Pointcut.Within(Glob.of("net/**")), parse("within(\"net/**\")"));
        assertEquals(new Pointcut.WithinCode(NamePattern.of("m_*")), parse("withincode(m_*)"));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "call(a) || call(b) && call(c) => call(a) || call(b) && call(c)",
        "(call(a) || call(b)) && call(c) => (call(a) || call(b)) && call(c)",
        "!call(a) && call(b) => !call(a) && call(b)",
        "!(call(a) && call(b)) || call(c) => !(call(a) && call(b)) || call(c)",
        "!!call(a) => call(a)",
        "((call(a))) => call(a)",
        "call(a) || (call(b) || call(c)) => call(a) || call(b) || call(c)",
        "call(a) && (call(b) && call(c)) => call(a) && call(b) && call(c)",
        "call(a) || call(a) => call(a)",
        "set(struct line.within) => set(line.within)",
        "get(struct.get) => get(struct.get)",
        "within(\"a\\\"b\") && call(f) => within(\"a\\\"b\") && call(f)",
    })
    void operatorsPrecedenceAndNormalForm(String input, String printed) throws Exception {
        assertEquals(printed.strip(), PointcutPrinter.print(parse(input.strip())));
    }

    @Test
    void andBindsTighterThanOr() throws Exception {
        Pointcut p = parse("call(a) || call(b) && call(c)");
        Pointcut.Or or = (Pointcut.Or) p;
        assertEquals(2, or.parts().size());
        assertEquals(Pointcut.And.class, or.parts().get(1).getClass());
    }

    @Test
    void syntaxErrorNamesColumnExpectedTokensAndShowsCaret() {
        InvalidAspectException e = assertThrows(InvalidAspectException.class, () -> parse("set(mbuf.) && call(f)"));
        assertEquals("<pointcut>:1:10: unexpected ')', expected a name\n"
                + "  set(mbuf.) && call(f)\n"
                + "           ^", e.errors().get(0).render());
    }

    @Test
    void errorsAtEndAndOnStrayCharacters() {
        assertEquals(List.of("<pointcut>:1:9: unexpected end of pointcut, expected one of \"||\", \"&&\", \")\""),
                firstLine("(call(f)"));
        assertEquals(List.of("<pointcut>:1:9: unexpected character '@', expected one of end of pointcut, \"||\", \"&&\""),
                firstLine("call(f) @"));
        assertEquals(List.of("<pointcut>:1:8: the string that starts here is never closed"),
                firstLine("within(\"x"));
        assertEquals(List.of("<pointcut>:1:12: line numbers start at 1 and must fit in an int: 0"),
                firstLine("line(\"a.c\":0)"));
        assertEquals(List.of("<pointcut>:1:12: line numbers start at 1 and must fit in an int: 99999999999"),
                firstLine("line(\"a.c\":99999999999)"));
        assertEquals(List.of("<pointcut>:2:3: unexpected 'call', expected one of end of pointcut, \"||\", \"&&\""),
                firstLine("call(f)\n  call(g)"));
    }

    @Test
    void malformedGlobPointsIntoTheString() {
        assertEquals(List.of("<pointcut>:1:11: malformed glob 'ab[': '[' is never closed"),
                firstLine("within(\"ab[\")"));
    }

    private static List<String> firstLine(String expr) {
        InvalidAspectException e = assertThrows(InvalidAspectException.class, () -> parse(expr));
        return List.of(e.errors().get(0).render().lines().findFirst().orElseThrow());
    }

    @Test
    void selectorPositionsAreWhereEachSelectorIsFirstWritten() {
        String text = "within(\"set(a.b)\") && set(struct a.b) ||\n  call(call) || get(get.set) || set(a.b)";
        var at = PointcutParser.selectorPositions(text, TextOrigin.of("<pointcut>", text));
        assertEquals(List.of(new Pointcut.FieldAccess(NamePattern.of("a"), NamePattern.of("b"), Access.WRITE),
                new Pointcut.Call(NamePattern.of("call")),
                new Pointcut.FieldAccess(NamePattern.of("get"), NamePattern.of("set"), Access.READ)),
                List.copyOf(at.keySet()));
        assertEquals(List.of("<pointcut>:1:23", "<pointcut>:2:3", "<pointcut>:2:17"),
                at.values().stream().map(Object::toString).toList());
    }
}
