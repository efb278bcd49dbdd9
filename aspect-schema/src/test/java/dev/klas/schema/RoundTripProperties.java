package dev.klas.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Printing a pointcut in normal form and parsing it back gives the same pointcut. */
class RoundTripProperties {

    @Property(tries = 2000)
    void printThenParseIsIdentity(@ForAll("pointcuts") Pointcut generated) throws InvalidAspectException {
        Pointcut p = Pointcuts.normalize(generated);
        assertEquals(p, PointcutParser.parse(PointcutPrinter.print(p)));
    }

    @Property(tries = 500)
    void normalizeIsIdempotent(@ForAll("pointcuts") Pointcut p) {
        assertEquals(Pointcuts.normalize(p), Pointcuts.normalize(Pointcuts.normalize(p)));
    }

    @Provide
    Arbitrary<Pointcut> pointcuts() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0, 4).flatMap(this::pointcuts)),
                net.jqwik.api.Tuple.of(1, segmentCalls()));
    }

    /** Segment calls combine only through ||: one, or several joined. */
    private Arbitrary<Pointcut> segmentCalls() {
        Arbitrary<Pointcut> one = globs().flatMap(from -> globs().flatMap(to -> Arbitraries.oneOf(
                Arbitraries.just(NamePattern.of("*")), names()).map(f -> new Pointcut.SegmentCall(from, to, f))));
        return Arbitraries.oneOf(one, one.list().ofMinSize(2).ofMaxSize(4).map(Pointcut.Or::new));
    }

    private Arbitrary<Pointcut> pointcuts(int depth) {
        Arbitrary<Pointcut> leaf = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, selector()), net.jqwik.api.Tuple.of(1, restriction()));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Pointcut> inner = pointcuts(depth - 1);
        return Arbitraries.oneOf(
                leaf,
                inner.list().ofMinSize(2).ofMaxSize(4).map(Pointcut.And::new),
                inner.list().ofMinSize(2).ofMaxSize(4).map(Pointcut.Or::new),
                inner.map(Pointcut.Not::new));
    }

    private Arbitrary<Pointcut> selector() {
        return Arbitraries.oneOf(
                Arbitraries.of(Access.class).flatMap(a -> names().flatMap(s -> names().map(
                        m -> new Pointcut.FieldAccess(s, m, a)))),
                names().flatMap(s -> names().map(m -> new Pointcut.FpCall(s, m))),
                names().map(Pointcut.Call::new),
                names().map(Pointcut.Execution::new),
                globs().flatMap(g -> Arbitraries.integers().between(1, Integer.MAX_VALUE)
                        .map(n -> new Pointcut.Line(g, n))));
    }

    private Arbitrary<Pointcut> restriction() {
        return Arbitraries.oneOf(globs().map(Pointcut.Within::new), names().map(Pointcut.WithinCode::new));
    }

    private Arbitrary<NamePattern> names() {
        Arbitrary<String> plain = Arbitraries.strings().withChars("abcxyz_*?019").ofMinLength(1).ofMaxLength(8)
                .filter(s -> !Character.isDigit(s.charAt(0)));
        Arbitrary<String> keywords = Arbitraries.of("get", "set", "call", "execution", "line", "within",
                "withincode", "struct", "mbuf", "m_len", "sk_buff");
        return Arbitraries.oneOf(plain, keywords).map(NamePattern::of);
    }

    private Arbitrary<Glob> globs() {
        List<String> parts = List.of("net", "ipv4", "/", "*", "**", "?", "[ab]", "[!x]", "[a-c]", "\\*", "a\"b",
                "x\\\\y", ".c", "-", " ", "é");
        return Arbitraries.of(parts).list().ofMinSize(1).ofMaxSize(6).map(l -> String.join("", l))
                .filter(RoundTripProperties::isGlob).map(Glob::of);
    }

    private static boolean isGlob(String s) {
        try {
            Glob.of(s);
            return true;
        } catch (PatternSyntaxError e) {
            return false;
        }
    }
}
