package dev.klas.schema;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.xml.sax.SAXException;

/** Where the test inputs are, and an XSD check that does not go through the loader. */
final class Fixtures {
    private static final Schema XSD = loadXsd();

    private Fixtures() {
    }

    static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("samples/aspects"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no samples/aspects above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    static List<Path> samples() {
        return list(repo().resolve("samples/aspects"));
    }

    static List<Path> invalid() {
        return list(Path.of("src/test/resources/invalid"));
    }

    static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when javax.xml.validation accepts the file under the shipped XSD (external entities refused). */
    static boolean validUnderXsd(Path file) {
        try {
            return validUnderXsd(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * True when javax.xml.validation accepts these bytes under the shipped XSD. The validator reads the bytes in
     * the encoding their XML declaration names; one it cannot read in (an unknown encoding) is a refusal.
     */
    static boolean validUnderXsd(byte[] content) {
        try {
            Validator v = XSD.newValidator();
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            v.validate(new StreamSource(new ByteArrayInputStream(content)));
            return true;
        } catch (SAXException | IOException e) {
            return false;
        }
    }

    private static Schema loadXsd() {
        try {
            return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(AspectLoader.schema());
        } catch (SAXException e) {
            throw new IllegalStateException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
