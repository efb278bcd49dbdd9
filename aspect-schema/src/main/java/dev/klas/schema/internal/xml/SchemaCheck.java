package dev.klas.schema.internal.xml;

import dev.klas.schema.AspectError;
import dev.klas.schema.SourcePosition;
import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/** Checks an aspect file against klas-aspect-1.xsd, with DOCTYPEs and external entities refused. */
public final class SchemaCheck {
    public static final String XSD_RESOURCE = "/dev/klas/schema/klas-aspect-1.xsd";
    private static final Schema SCHEMA = loadSchema();

    /** The outcome: the root element's name (empty when the file is not XML) and the errors found. */
    public record Result(String rootName, List<AspectError> errors) {
    }

    private SchemaCheck() {
    }

    public static URL xsd() {
        return Objects.requireNonNull(SchemaCheck.class.getResource(XSD_RESOURCE), XSD_RESOURCE);
    }

    public static Result check(String file, String text) {
        List<AspectError> errors = new ArrayList<>();
        String[] root = {""};
        DefaultHandler handler = new DefaultHandler() {
            @Override
            public void startElement(String uri, String local, String qName, Attributes atts) {
                if (root[0].isEmpty()) {
                    root[0] = qName;
                }
            }

            @Override
            public void error(SAXParseException e) {
                errors.add(toError(file, e));
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        };
        try {
            SAXParser parser = parserFactory().newSAXParser();
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            parser.parse(new InputSource(new StringReader(text)), handler);
        } catch (SAXParseException e) {
            errors.add(toError(file, e));
        } catch (SAXException | IOException | ParserConfigurationException e) {
            errors.add(new AspectError(new SourcePosition(file, 1, 1), "cannot read the XML: " + e.getMessage()));
        }
        return new Result(root[0], errors);
    }

    private static SAXParserFactory parserFactory() throws ParserConfigurationException, SAXException {
        SAXParserFactory f = SAXParserFactory.newInstance();
        f.setNamespaceAware(true);
        f.setXIncludeAware(false);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setSchema(SCHEMA);
        return f;
    }

    private static AspectError toError(String file, SAXParseException e) {
        int line = Math.max(1, e.getLineNumber());
        int column = Math.max(1, e.getColumnNumber());
        return new AspectError(new SourcePosition(file, line, column), clean(e.getMessage()));
    }

    /** Drops the {@code cvc-...:} rule code that prefixes the JDK's schema messages. */
    private static String clean(String message) {
        String m = message == null ? "invalid XML" : message;
        m = m.replaceFirst("^cvc-[\\w.\\-]+: ", "").replace("DOCTYPE is disallowed", "DOCTYPE is not allowed");
        if (m.contains("must immediately follow the '&'")) {
            m += " (in XML write && as &amp;&amp;, < as &lt; and \" as &quot; inside an attribute, or put advice code in"
                    + " <![CDATA[ ... ]]>)";
        } else if (m.contains("must not contain the '<' character")) {
            m += " (in XML write < as &lt;)";
        }
        return m;
    }

    private static Schema loadSchema() {
        try {
            SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            return f.newSchema(xsd());
        } catch (SAXException e) {
            throw new IllegalStateException("the bundled XSD does not load", e);
        }
    }
}
