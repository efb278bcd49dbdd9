package dev.klas.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * runsin/runsinfile in both notations, and the rule that a runs-in term is only and-ed to the whole pointcut: the
 * source part (what the symbol table matches) and the runs-in rule (what each resolved address must meet) split.
 */
class RunsInTest {

    private static Aspect load(String pointcut) throws InvalidAspectException {
        return AspectLoader.parse("t.xml", ("<aspect name=\"a\">" + pointcut + "<advice-before>b();</advice-before>"
                + "</aspect>").getBytes(StandardCharsets.UTF_8)).get(0);
    }

    @Test
    void termsParsePrintAndSplit() throws Exception {
        Pointcut p = PointcutParser.parse("set(tcp_sock.snd_cwnd) && runsin(tcp_*) && !runsinfile(\"net/**\")");
        assertEquals("set(tcp_sock.snd_cwnd) && runsin(tcp_*) && !runsinfile(\"net/**\")", PointcutPrinter.print(p));
        assertEquals(p, PointcutParser.parse(PointcutPrinter.print(p)));
        assertEquals(PointcutParser.parse("set(tcp_sock.snd_cwnd)"), Pointcuts.source(p));
        assertEquals(Optional.of("runsin(tcp_*) && !runsinfile(\"net/**\")"),
                Pointcuts.runsIn(p).map(PointcutPrinter::print));
        assertEquals(Optional.empty(), Pointcuts.runsIn(PointcutParser.parse("set(S.m) && withincode(f)")));
        Pointcut q = PointcutParser.parse("(get(S.m) || call(f)) && within(\"a.c\") && (runsin(g) || runsinfile(\"b.c\"))");
        assertEquals(PointcutParser.parse("(get(S.m) || call(f)) && within(\"a.c\")"), Pointcuts.source(q));
        assertTrue(Pointcuts.isRunsIn(Pointcuts.runsIn(q).orElseThrow()));
        assertEquals(new Pointcut.RunsIn(NamePattern.of("runsinfile")), PointcutParser.parse("runsin(runsinfile) && call(runsin)")
                instanceof Pointcut.And a ? a.parts().get(0) : null, "the words are names where a name is expected");
    }

    @Test
    void ruleHoldsAsBooleanOverTheTerms() throws Exception {
        Pointcut rule = Pointcuts.runsIn(PointcutParser.parse(
                "call(x) && (runsin(a) || runsin(b)) && !runsinfile(\"*.h\")")).orElseThrow();
        Map<String, Boolean> inA = Map.of("runsin(a)", true, "runsin(b)", false, "runsinfile(\"*.h\")", false);
        assertTrue(Pointcuts.holds(rule, t -> inA.get(PointcutPrinter.print(t))));
        Map<String, Boolean> inHeader = Map.of("runsin(a)", true, "runsin(b)", false, "runsinfile(\"*.h\")", true);
        assertFalse(Pointcuts.holds(rule, t -> inHeader.get(PointcutPrinter.print(t))));
        Map<String, Boolean> elsewhere = Map.of("runsin(a)", false, "runsin(b)", false, "runsinfile(\"*.h\")", false);
        assertFalse(Pointcuts.holds(rule, t -> elsewhere.get(PointcutPrinter.print(t))));
    }

    @Test
    void allowedForms() throws Exception {
        for (String ok : List.of("set(S.m) && runsin(f)", "set(S.m) && !runsin(f)", "runsin(f) && set(S.m)",
                "(get(S.m) || set(S.n)) && (runsin(f) || runsinfile(\"x.c\"))", "set(S.m) && !(runsin(f) || runsin(g))",
                "(set(S.m) && runsin(f)) && within(\"a.c\")", "set(S.m) && (runsin(f) && !runsinfile(\"y.c\"))")) {
            Pointcut p = PointcutParser.parse(ok);
            assertTrue(Pointcuts.containsRunsIn(p) && !Pointcuts.containsRunsIn(Pointcuts.source(p)), ok);
        }
    }

    /** Each refused form, the character its error points at, and what the message says. */
    @Test
    void refusedAtTheOperator() {
        record Bad(String text, String at, String says) {
        }
        for (Bad bad : List.of(
                new Bad("runsin(f) || get(S.m)", "||", "'||' joins runsin(...)/runsinfile(...) with a source term"),
                new Bad("get(S.m) || runsinfile(\"a.c\")", "||", "with a source term"),
                new Bad("(get(S.m) && runsin(f)) || call(g)", "||", "and-ed to a source term inside '||'"),
                new Bad("call(g) || (get(S.m) && runsin(f))", "||", "and-ed to a source term inside '||'"),
                new Bad("!(get(S.m) && runsin(f))", "!", "'!' over runsin(...)/runsinfile(...) mixed with source"),
                new Bad("call(g) && !(runsin(f) && get(S.m))", "!", "negate it alone"),
                new Bad("runsin(f)", "r", "select nothing by themselves"),
                new Bad("  runsin(f) || !runsinfile(\"a.c\")", "r", "select nothing by themselves"))) {
            InvalidAspectException e = assertThrows(InvalidAspectException.class, () -> PointcutParser.parse(bad.text()),
                    bad.text());
            SourcePosition pos = e.errors().get(0).position();
            assertEquals(1, pos.line());
            int col = pos.column() - 1;
            assertEquals(bad.text().indexOf(bad.at(), bad.at().equals("!") ? bad.text().indexOf("!(") : 0), col,
                    bad.text() + ": " + e.getMessage());
            assertTrue(e.getMessage().contains(bad.says()), bad.text() + ": " + e.getMessage());
        }
    }

    @Test
    void xmlElementsAreAlternativesAndRestrictEverySelector() throws Exception {
        Aspect a = load("<pointcut><field-access name=\"m\" structure=\"S\" access=\"write\"/><call function=\"g\"/>"
                + "<runsin function=\"a\"/><runsin function=\"b*\"/><runsinfile file=\"x/*.c\"/>"
                + "<withincode function=\"h\"/></pointcut>");
        assertEquals("(set(S.m) || call(g)) && withincode(h) && (runsin(a) || runsin(b*)) && runsinfile(\"x/*.c\")",
                PointcutPrinter.print(a.pointcut()));
        assertEquals("(set(S.m) || call(g)) && withincode(h)", PointcutPrinter.print(Pointcuts.source(a.pointcut())));
        Aspect e = load("<pointcut expr=\"set(S.m) &amp;&amp; runsin(f)\"><runsinfile file=\"a.c\"/></pointcut>");
        assertEquals(Set.of(new Pointcut.RunsIn(NamePattern.of("f")), new Pointcut.RunsInFile(Glob.of("a.c"))),
                Set.copyOf(((Pointcut.And) Pointcuts.runsIn(e.pointcut()).orElseThrow()).parts()));
    }

    @Test
    void xmlRefusesAnExprWithRunsInBesideAnotherSelector() {
        InvalidAspectException e = assertThrows(InvalidAspectException.class, () -> load(
                "<pointcut expr=\"set(S.m) &amp;&amp; runsin(f)\">\n<call function=\"g\"/></pointcut>"));
        assertTrue(e.getMessage().contains("one alternative among 2 selectors"), e.getMessage());
    }
}
