package dev.klas.schema;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The loader takes the encodings the XSD validator reads as UTF-8 and refuses the rest, as the validator does. */
class XmlDeclarationTest {
    private static final String BODY = "\n<aspect name=\"a\"><pointcut><call function=\"f\"/></pointcut>"
            + "<advice-before>x();</advice-before></aspect>\n";

    @ParameterizedTest
    @ValueSource(strings = {"", "<?xml version=\"1.0\"?>", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
        "<?xml version='1.0' encoding='utf-8'?>", "<?xml version=\"1.0\" encoding = \"Utf-8\" standalone=\"yes\"?>"})
    void utf8IsTaken(String declaration) throws InvalidAspectException {
        byte[] file = (declaration + BODY).getBytes(UTF_8);
        assertTrue(Fixtures.validUnderXsd(file));
        assertEquals(1, AspectLoader.parse("a.xml", file).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "x", "UTF-16", "EBCDIC-CP-US", ""})
    void unreadableEncodingIsRefusedAtItsValue(String encoding) {
        byte[] file = ("<?xml version=\"1.0\" encoding=\"" + encoding + "\"?>" + BODY).getBytes(UTF_8);
        assertTrue(!Fixtures.validUnderXsd(file), "the validator refuses encoding " + encoding);
        InvalidAspectException e = assertThrows(InvalidAspectException.class, () -> AspectLoader.parse("a.xml", file));
        assertEquals("a.xml:1:31: the XML declaration names encoding \"" + encoding + "\"; aspect files are UTF-8",
                e.errors().get(0).render());
    }
}
