package dev.klas.schema;

import dev.klas.schema.internal.xml.AspectReader;
import dev.klas.schema.internal.xml.JacksonTree;
import dev.klas.schema.internal.xml.Node;
import dev.klas.schema.internal.xml.SchemaCheck;
import dev.klas.schema.internal.xml.XmlDeclaration;
import dev.klas.schema.internal.xml.XmlText;
import java.io.IOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads aspect files: checks them against {@code klas-aspect-1.xsd}, reads them with jackson-dataformat-xml and
 * checks what the schema cannot say. Every error carries {@code file:line:col}.
 */
public final class AspectLoader {
    private AspectLoader() {
    }

    /** The XSD every aspect file is checked against. */
    public static URL schema() {
        return SchemaCheck.xsd();
    }

    public static List<Aspect> load(Path file) throws IOException, InvalidAspectException {
        return parse(file.toString(), Files.readAllBytes(file));
    }

    /** Loads several files as one run: aspect names must be unique across all of them. */
    public static List<Aspect> loadAll(List<Path> files) throws IOException, InvalidAspectException {
        List<Aspect> all = new ArrayList<>();
        List<AspectError> errors = new ArrayList<>();
        for (Path f : files) {
            try {
                all.addAll(load(f));
            } catch (InvalidAspectException e) {
                errors.addAll(e.errors());
            }
        }
        errors.addAll(duplicateNames(all));
        if (!errors.isEmpty()) {
            throw new InvalidAspectException(errors);
        }
        return all;
    }

    public static List<Aspect> parse(String fileName, byte[] content) throws InvalidAspectException {
        String text = decode(fileName, content);
        XmlText source = new XmlText(fileName, text);
        Optional<AspectError> encoding = XmlDeclaration.check(source, text);
        if (encoding.isPresent()) {
            throw new InvalidAspectException(encoding.get());
        }
        SchemaCheck.Result checked = SchemaCheck.check(fileName, text);
        if (!checked.errors().isEmpty()) {
            throw new InvalidAspectException(checked.errors());
        }
        Node root;
        try {
            root = JacksonTree.read(checked.rootName(), text);
        } catch (IOException e) {
            throw new InvalidAspectException(new AspectError(new SourcePosition(fileName, 1, 1),
                    "cannot read the XML: " + e.getMessage()));
        }
        AspectReader reader = new AspectReader(source);
        List<Aspect> aspects = reader.read(root);
        List<AspectError> errors = new ArrayList<>(reader.errors());
        errors.addAll(duplicateNames(aspects));
        if (!errors.isEmpty()) {
            throw new InvalidAspectException(errors);
        }
        return aspects;
    }

    /** One error for each aspect whose name an earlier aspect already has. */
    public static List<AspectError> duplicateNames(List<Aspect> aspects) {
        Map<String, Aspect> seen = new HashMap<>();
        List<AspectError> errors = new ArrayList<>();
        for (Aspect a : aspects) {
            Aspect first = seen.putIfAbsent(a.name(), a);
            if (first != null) {
                errors.add(new AspectError(a.position(),
                        "duplicate aspect name '" + a.name() + "' (first defined at " + first.position() + ")"));
            }
        }
        return errors;
    }

    private static String decode(String fileName, byte[] content) throws InvalidAspectException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(content);
        try {
            String text = decoder.decode(in).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            int bad = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < bad && i < content.length; i++) {
                if (content[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw new InvalidAspectException(new AspectError(new SourcePosition(fileName, line, bad - lineStart + 1),
                    "not valid UTF-8 (byte " + bad + ")"));
        }
    }
}
