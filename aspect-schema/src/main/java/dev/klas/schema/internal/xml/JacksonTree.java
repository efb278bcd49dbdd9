package dev.klas.schema.internal.xml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads an aspect file, already checked against the XSD, into a {@link Node} tree with jackson-dataformat-xml. */
public final class JacksonTree {
    private static final XmlFactory FACTORY = new XmlFactory();

    private JacksonTree() {
    }

    public static Node read(String rootName, String text) throws IOException {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                return new Node(rootName, 0, List.of(), first == null || !first.isScalarValue() ? "" : p.getText());
            }
            return readObject(p, rootName, rootOffset(text));
        }
    }

    /** Where the root element's {@code <} stands: past the XML declaration, comments and processing instructions. */
    static int rootOffset(String text) {
        int i = text.indexOf('<');
        while (i >= 0 && i + 1 < text.length()) {
            int end;
            if (text.startsWith("<?", i)) {
                end = text.indexOf("?>", i);
            } else if (text.startsWith("<!--", i)) {
                end = text.indexOf("-->", i);
            } else if (text.startsWith("<!", i)) {
                end = text.indexOf('>', i);
            } else {
                return i;
            }
            i = end < 0 ? -1 : text.indexOf('<', end);
        }
        return 0;
    }

    private static Node readObject(JsonParser p, String name, int offset) throws IOException {
        List<Node> children = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (JsonToken t = p.nextToken(); t != null && t != JsonToken.END_OBJECT; t = p.nextToken()) {
            if (t != JsonToken.FIELD_NAME) {
                continue;
            }
            String child = p.currentName();
            int at = (int) p.currentTokenLocation().getCharOffset();
            JsonToken value = p.nextToken();
            if (value == JsonToken.START_OBJECT) {
                children.add(readObject(p, child, at));
            } else if (child.isEmpty()) {
                text.append(value.isScalarValue() ? p.getText() : "");
            } else {
                children.add(new Node(child, at, List.of(), value.isScalarValue() ? p.getText() : ""));
            }
        }
        return new Node(name, offset, children, text.toString());
    }
}
