package dev.klas.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every element and attribute of the aspect XML, and what it becomes in the model. */
class XmlElementsTest {

    private static List<Aspect> load(String xml) throws InvalidAspectException {
        return AspectLoader.parse("t.xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    private static Aspect one(String pointcutBody) throws InvalidAspectException {
        return load("<aspect name=\"a\"><pointcut" + pointcutBody + "</pointcut>"
                + "<advice-before>x();</advice-before></aspect>").get(0);
    }

    private static String printed(String pointcutBody) throws InvalidAspectException {
        return PointcutPrinter.print(one(pointcutBody).pointcut());
    }

    @Test
    void fieldAccessWithEveryAccessValue() throws Exception {
        assertEquals("field-access(mbuf.m_len)", printed("><field-access name=\"m_len\" structure=\"mbuf\"/>"));
        assertEquals("field-access(mbuf.m_len)",
                printed("><field-access name=\"m_len\" structure=\"mbuf\" access=\"any\"/>"));
        assertEquals("get(mbuf.m_len)", printed("><field-access name=\"m_len\" structure=\"mbuf\" access=\"read\"/>"));
        assertEquals("set(mbuf.m_len)",
                printed("><field-access name=\"m_len\" structure=\"struct mbuf\" access=\"write\"/>"));
    }

    @Test
    void everySelectorElement() throws Exception {
        assertEquals("fp-call(fileops.fo_read)", printed("><fp-call name=\"fo_read\" structure=\"fileops\"/>"));
        assertEquals("call(m_free)", printed("><call function=\"m_free\"/>"));
        assertEquals("execution(tcp_*)", printed("><execution function=\"tcp_*\"/>"));
        assertEquals("line(\"net/ipv4/tcp.c\":120)", printed("><line file=\"net/ipv4/tcp.c\" line=\"120\"/>"));
    }

    @Test
    void selectorsAreAlternativesAndRestrictionsApplyToAll() throws Exception {
        assertEquals("(call(f) || call(g)) && (within(\"a/*.c\") || within(\"b.c\")) && withincode(x*)",
                printed("><call function=\"f\"/><within file=\"a/*.c\"/><call function=\"g\"/>"
                        + "<withincode function=\"x*\"/><within file=\"b.c\"/>"));
    }

    @Test
    void exprAttributeIsOneMoreAlternative() throws Exception {
        assertEquals("set(S.m) || call(f)", printed(" expr=\"set(S.m)\"><call function=\"f\"/>"));
        assertEquals("get(S.m) && within(\"x.c\")",
                printed(" expr=\"get(S.m) &amp;&amp; within(&quot;x.c&quot;)\">"));
    }

    @Test
    void aspectNameIncludesAndAdviceInOrderWithPositions() throws Exception {
        String xml = "<aspect name=\" x&quot;; system(&quot;rm -rf /\">\n"
                + "  <include>linux/skbuff.h</include>\n"
                + "  <include>\"local.h\"</include>\n"
                + "  <pointcut><execution function=\"f\"/></pointcut>\n"
                + "  <advice-before>first();</advice-before>\n"
                + "  <advice-after><![CDATA[\n    if (a < b) second();\n  ]]></advice-after>\n"
                + "  <advice-before>third();</advice-before>\n"
                + "</aspect>\n";
        Aspect a = load(xml).get(0);
        assertEquals("x\"; system(\"rm -rf /", a.name());
        assertEquals(List.of("<linux/skbuff.h>", "\"local.h\""), a.includes().stream().map(Include::directive).toList());
        assertEquals(List.of(new SourcePosition("t.xml", 2, 12), new SourcePosition("t.xml", 3, 12)),
                a.includes().stream().map(Include::position).toList());
        assertEquals(List.of(AdviceKind.BEFORE, AdviceKind.AFTER, AdviceKind.BEFORE),
                a.advices().stream().map(Advice::kind).toList());
        assertEquals("first();", a.advices().get(0).code());
        assertEquals(new SourcePosition("t.xml", 5, 18), a.advices().get(0).position());
        assertTrue(a.advices().get(1).code().contains("if (a < b) second();"));
        assertEquals(new SourcePosition("t.xml", 6, 26), a.advices().get(1).position());
        assertEquals(new SourcePosition("t.xml", 1, 1), a.position());
    }

    @Test
    void aspectsRootHoldsSeveral() throws Exception {
        List<Aspect> all = load("<aspects>\n"
                + " <aspect name=\"a\"><pointcut><call function=\"f\"/></pointcut><advice-before>x();</advice-before></aspect>\n"
                + " <aspect name=\"b\"><pointcut><call function=\"g\"/></pointcut><advice-before>y();</advice-before></aspect>\n"
                + "</aspects>");
        assertEquals(List.of("a", "b"), all.stream().map(Aspect::name).toList());
        assertEquals(new SourcePosition("t.xml", 3, 2), all.get(1).position());
    }

    @Test
    void schemaLocationAttributesAreAccepted() throws Exception {
        Aspect a = load("<aspect xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                + "xsi:noNamespaceSchemaLocation=\"klas-aspect-1.xsd\" name=\"a\">"
                + "<pointcut><call function=\"f\"/></pointcut><advice-before>x();</advice-before></aspect>").get(0);
        assertEquals("a", a.name());
    }

    @Test
    void invalidUtf8IsReportedWithItsPosition() {
        byte[] bad = "<aspect name=\"a\">\n  <pointcut>\u00e9".getBytes(StandardCharsets.UTF_8);
        bad[bad.length - 1] = (byte) 0xff;
        InvalidAspectException e = assertThrows(InvalidAspectException.class, () -> AspectLoader.parse("t.xml", bad));
        assertEquals("t.xml:2:13: not valid UTF-8 (byte 30)", e.errors().get(0).render());
    }

    @Test
    void duplicateNamesAcrossFilesInOneRun() throws Exception {
        Aspect a = one("><call function=\"f\"/>");
        Aspect b = new Aspect("a", a.pointcut(), a.advices(), List.of(), new SourcePosition("u.xml", 2, 3));
        List<AspectError> errors = AspectLoader.duplicateNames(List.of(a, b));
        assertEquals(List.of("u.xml:2:3: duplicate aspect name 'a' (first defined at t.xml:1:1)"),
                errors.stream().map(AspectError::render).toList());
    }

    @Test
    void theRootAspectIsPlacedWhereItsElementStands() throws Exception {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- a comment with <tags> -->\n"
                + "  <aspect name=\"a\">\n  <pointcut><execution function=\"f\"/></pointcut>\n"
                + "  <advice-before>x();</advice-before>\n</aspect>\n";
        assertEquals(new SourcePosition("t.xml", 3, 3), load(xml).get(0).position());
    }
}
