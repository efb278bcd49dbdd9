package dev.klas.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.xml.sax.SAXException;

/** Where the test inputs are, and an XSD check that does not go through the loader. */
final class Fixtures {
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
            SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            Validator v = f.newSchema(AspectLoader.schema()).newValidator();
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            v.validate(new StreamSource(file.toFile()));
            return true;
        } catch (SAXException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
