package dev.klas.schema.internal.xml;

import java.util.List;
import java.util.Optional;

/**
 * An element or attribute as Jackson's XML parser reports it: a name, the offset of the element's start tag in the
 * file (an attribute shares its element's offset), child nodes in document order, and text.
 */
public record Node(String name, int offset, List<Node> children, String text) {

    public Node {
        children = List.copyOf(children);
    }

    public Optional<String> attribute(String attributeName) {
        return children.stream().filter(c -> c.name.equals(attributeName) && c.children.isEmpty())
                .map(Node::text).findFirst();
    }

    public List<Node> elements(String elementName) {
        return children.stream().filter(c -> c.name.equals(elementName)).toList();
    }
}
