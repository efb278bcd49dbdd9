package dev.klas.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** segment-call in both notations, and the rule that it combines only with other segment-calls through ||. */
class SegmentCallTest {

    private static Aspect load(String pointcut, String advice) throws InvalidAspectException {
        return AspectLoader.parse("t.xml", ("<aspect name=\"a\">" + pointcut + advice + "</aspect>")
                .getBytes(StandardCharsets.UTF_8)).get(0);
    }

    @Test
    void expressionWithAndWithoutFunction() throws Exception {
        assertEquals(new Pointcut.SegmentCall(Glob.of("main"), Glob.of("libgreet*.so"), NamePattern.of("*")),
                PointcutParser.parse("segment-call(\"main\", \"libgreet*.so\")"));
        assertEquals(new Pointcut.SegmentCall(Glob.of("main"), Glob.of("lib*"), NamePattern.of("greet_*")),
                PointcutParser.parse("segment-call(\"main\",\"lib*\",\"greet_*\")"));
        assertEquals(PointcutParser.parse("segment-call(\"main\",\"lib*\",\"greet_*\")"),
                PointcutParser.parse("segment-call(\"main\",\"lib*\", greet_*)"), "the function may be a bare name");
        assertEquals("segment-call(\"main\", \"lib*\", \"greet\")",
                PointcutPrinter.print(PointcutParser.parse("segment-call(\"main\",\"lib*\",greet)")));
        assertEquals("segment-call(\"main\", \"lib*\")",
                PointcutPrinter.print(PointcutParser.parse("segment-call(\"main\",\"lib*\",\"*\")")));
    }

    @Test
    void segmentCallsJoinWithOrOnly() throws Exception {
        Pointcut p = PointcutParser.parse("segment-call(\"a\", \"b\") || (segment-call(\"c\", \"d\", f))");
        assertTrue(Pointcuts.isSegmentCalls(p));
        assertEquals(2, Pointcuts.segmentCalls(p).size());
        assertFalse(Pointcuts.isSegmentCalls(PointcutParser.parse("call(f) || execution(g)")));
        for (String bad : List.of("segment-call(\"a\",\"b\") && within(\"x.c\")", "!segment-call(\"a\",\"b\")",
                "call(f) || segment-call(\"a\",\"b\")", "segment-call(\"a\",\"b\") || call(f)",
                "!(segment-call(\"a\",\"b\") || segment-call(\"c\",\"d\"))",
                "(segment-call(\"a\",\"b\") || segment-call(\"c\",\"d\")) && call(f)")) {
            InvalidAspectException e = assertThrows(InvalidAspectException.class, () -> PointcutParser.parse(bad), bad);
            SourcePosition at = e.errors().get(0).position();
            char there = bad.charAt(at.column() - 1);
            assertTrue(there == '&' || there == '|' || there == '!', bad + " refused at the operator, not at "
                    + at + ": " + e.getMessage());
        }
    }

    @Test
    void xmlElementAndAfterAdviceAllowed() throws Exception {
        Aspect a = load("<pointcut><segment-call from=\"main\" to=\"libgreet.so*\" function=\"greet\"/>"
                        + "<segment-call from=\"*\" to=\"libm*\"/></pointcut>",
                "<advice-before>b();</advice-before><advice-after>klas_printf(\"%lu\", klas_retval);</advice-after>");
        assertEquals("segment-call(\"main\", \"libgreet.so*\", \"greet\") || segment-call(\"*\", \"libm*\")",
                PointcutPrinter.print(a.pointcut()));
        assertEquals(AdviceKind.AFTER, a.advices().get(1).kind());
        Aspect e = load("<pointcut expr=\"segment-call(&quot;main&quot;, &quot;x&quot;)\">"
                + "<segment-call from=\"main\" to=\"y\"/></pointcut>", "<advice-before>b();</advice-before>");
        assertEquals(2, Pointcuts.segmentCalls(e.pointcut()).size());
    }

    @Test
    void xmlRefusesSourceSelectorBesideSegmentCall() {
        InvalidAspectException e = assertThrows(InvalidAspectException.class, () -> load(
                "<pointcut>\n<segment-call from=\"main\" to=\"x\"/>\n<call function=\"f\"/></pointcut>",
                "<advice-before>b();</advice-before>"));
        assertEquals(3, e.errors().get(0).position().line());
        assertTrue(e.getMessage().contains("<call> cannot be combined with <segment-call>"), e.getMessage());
    }
}
