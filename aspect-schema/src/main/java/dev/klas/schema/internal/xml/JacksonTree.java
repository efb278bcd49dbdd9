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
            return readObject(p, rootName, 0);
        }
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
