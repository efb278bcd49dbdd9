package dev.klas.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the loader places errors and aspect parts in the XML text. The oracle is the text itself: each expected
 * position is found by searching the XML for what the error points at and counting lines and columns here.
 */
class PositionsTest {

    /** The 1-based line:column of {@code text}'s first {@code marker}, plus {@code past} characters. */
    private static SourcePosition where(String text, String marker, int past) {
        int offset = text.indexOf(marker);
        assertTrue(offset >= 0, marker);
        offset += past;
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new SourcePosition("t.xml", line, offset - lineStart + 1);
    }

    private static List<AspectError> errors(String xml) {
        InvalidAspectException e = assertThrows(InvalidAspectException.class,
                () -> AspectLoader.parse("t.xml", xml.getBytes(StandardCharsets.UTF_8)));
        return e.errors();
    }

    private static AspectError onlyError(String xml) {
        List<AspectError> errors = errors(xml);
        assertEquals(1, errors.size(), errors.toString());
        return errors.get(0);
    }

    private static List<Aspect> load(String xml) throws InvalidAspectException {
        return AspectLoader.parse("t.xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    private static String aspect(String pointcut) {
        return "<aspect name=\"a\">\n  " + pointcut + "\n  <advice-before>x();</advice-before>\n</aspect>\n";
    }

    @Test
    void exprErrorCountsEntitiesAsWrittenAndFindsItsLine() {
        String xml = aspect("<pointcut expr=\"call(f) &amp;&amp;\n      &quot;x&quot; )\"/>");
        AspectError e = onlyError(xml);
        assertEquals(where(xml, "&quot;x", 0), e.position(), e.render());
        assertTrue(e.message().startsWith("unexpected '\"x\"'"), e.message());
    }

    @Test
    void errorOnTheTwentiethLine() {
        String xml = "<aspect name=\"a\">\n" + "<!-- -->\n".repeat(18) + "<pointcut expr=\"call(f) )\"/>\n"
                + "<advice-before>x();</advice-before></aspect>";
        AspectError e = onlyError(xml);
        assertEquals(20, e.position().line());
        assertEquals(where(xml, " )", 1), e.position());
    }

    @Test
    void attributeIsFoundPastLookalikesAndQuotedBrackets() {
        // "to" first stands inside from's value (after a quote; after a space but not followed by '='; followed by
        // '=' but not after a space), a single-quoted value holds '>' and '"', and the real attribute is spread over
        // lines around its '='.
        String xml = aspect("<pointcut><segment-call from='to.c x to\"> .c x_to=\"q.c' function=\"to\"\n"
                + "      to\n      =\n      'lib[ab'/></pointcut>");
        AspectError e = onlyError(xml);
        assertEquals(where(xml, "[ab", 0), e.position(), e.render());
        assertTrue(e.message().contains("'[' is never closed"), e.message());
    }

    @Test
    void globErrorAfterAnEntityInTheSameValue() {
        String xml = aspect("<pointcut><within file=\"&lt;gen&gt;/a***.c\"/><call function=\"f\"/></pointcut>");
        AspectError e = onlyError(xml);
        assertEquals(where(xml, "***", 0), e.position(), e.render());
    }

    @Test
    void includePositionIsPastWhitespaceAndCdata() throws Exception {
        String xml = "<aspect name=\"a\">\n  <include>\n     linux/a.h </include>\n"
                + "  <include>  <![CDATA[\"b.h\"]]></include>\n"
                + "  <pointcut><call function=\"f\"/></pointcut>\n  <advice-before>x();</advice-before>\n</aspect>";
        Aspect a = load(xml).get(0);
        assertEquals(List.of("<linux/a.h>", "\"b.h\""), a.includes().stream().map(Include::directive).toList());
        assertEquals(List.of(where(xml, "linux/a.h", 0), where(xml, "\"b.h\"", 0)),
                a.includes().stream().map(Include::position).toList());
    }

    @Test
    void rootIsPlacedPastACommentThatHoldsATagAfterAGreaterThan() throws Exception {
        String xml = "<!-- 2 > 1, <aspect name=\"b\"> -->\n<?klas ignored?>\n " + aspect("<pointcut><call function=\"f\"/></pointcut>");
        assertEquals(where(xml, "<aspect name=\"a\"", 0), load(xml).get(0).position());
    }

    @Test
    void byteOrderMarkIsSkippedAndPositionsStayOnTheText() throws Exception {
        String xml = aspect("<pointcut><call function=\"f\"/></pointcut>");
        String withBom = "\uFEFF" + xml;
        assertEquals(new SourcePosition("t.xml", 1, 1), load(withBom).get(0).position());
        String bad = aspect("<pointcut expr=\"call(f) )\"/>");
        AspectError e = onlyError("\uFEFF" + bad);
        assertEquals(where(bad, " )", 1), e.position(), e.render());
    }

    @Test
    void oneMistakeGivesOneError() {
        // a malformed glob in a line selector beside a segment call: the glob's error only, not also the mix
        String xml = aspect("<pointcut><line file=\"a[b\" line=\"3\"/><segment-call from=\"m\" to=\"l\"/></pointcut>");
        AspectError e = onlyError(xml);
        assertEquals(where(xml, "[b", 0), e.position(), e.render());
    }

    @Test
    void afterAdviceIsAllowedOnCallAndFpCallPointcuts() throws Exception {
        for (String selector : List.of("<call function=\"f\"/>", "<fp-call structure=\"s\" name=\"op\"/>",
                "<execution function=\"f\"/>")) {
            String xml = "<aspect name=\"a\"><pointcut>" + selector + "</pointcut>"
                    + "<advice-after>x();</advice-after></aspect>";
            assertEquals(1, load(xml).get(0).advices().size(), selector);
        }
        String onField = "<aspect name=\"a\"><pointcut><field-access structure=\"s\" name=\"m\"/></pointcut>"
                + "<advice-after>x();</advice-after></aspect>";
        AspectError e = onlyError(onField);
        assertEquals(where(onField, "x();</advice-after>", 0), e.position());
    }

    @Test
    void lessThanInAnAttributeGetsTheEscapeHint() {
        String xml = aspect("<pointcut expr=\"call(f) < 2\"/>");
        AspectError e = errors(xml).get(0);
        assertTrue(e.message().endsWith("(in XML write < as &lt;)"), e.message());
        assertEquals(where(xml, "< 2", 0).line(), e.position().line());
    }

    @Test
    void schemaIsTheShippedXsd() throws Exception {
        Path xsd = Fixtures.repo().resolve("aspect-schema/src/main/resources/dev/klas/schema/klas-aspect-1.xsd");
        try (InputStream in = AspectLoader.schema().openStream()) {
            assertArrayEquals(Files.readAllBytes(xsd), in.readAllBytes());
        }
    }

    @Test
    void loadAllReadsEveryFileAndChecksNamesAcrossThem(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.xml"), aspect("<pointcut><call function=\"f\"/></pointcut>"));
        Path b = Files.writeString(dir.resolve("b.xml"),
                aspect("<pointcut><call function=\"g\"/></pointcut>").replace("\"a\"", "\"b\""));
        Path again = Files.writeString(dir.resolve("c.xml"), "\n" + aspect("<pointcut><call function=\"h\"/></pointcut>"));
        assertEquals(List.of("a", "b"), AspectLoader.loadAll(List.of(a, b)).stream().map(Aspect::name).toList());
        InvalidAspectException e = assertThrows(InvalidAspectException.class,
                () -> AspectLoader.loadAll(List.of(a, again)));
        assertEquals(List.of(again + ":2:1: duplicate aspect name 'a' (first defined at " + a + ":1:1)"),
                e.errors().stream().map(AspectError::render).toList());
    }

    @Test
    void aGreaterThanInsideEitherQuoteDoesNotEndTheTag() {
        for (String from : List.of("\"a>b.c\"", "'a>b.c'", "'a\">b.c'", "\"a'>b.c\"")) {
            String xml = aspect("<pointcut><segment-call from=" + from + " to=\"lib[ab\"/></pointcut>");
            AspectError e = onlyError(xml);
            assertEquals(where(xml, "[ab", 0), e.position(), from + ": " + e.render());
        }
    }

    @Test
    void adviceCodeStartsPastWhitespaceAndACdataOpener() throws Exception {
        String xml = "<aspect name=\"a\"><pointcut><call function=\"f\"/></pointcut>\n"
                + "  <advice-before>\n    <![CDATA[first();]]></advice-before>\n"
                + "  <advice-before>second();</advice-before>\n</aspect>";
        List<Advice> advices = load(xml).get(0).advices();
        assertEquals(where(xml, "first();", 0), advices.get(0).position());
        assertEquals(where(xml, "second();", 0), advices.get(1).position());
    }
}
