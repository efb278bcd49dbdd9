package dev.klas.schema.internal.xml;

import dev.klas.schema.AspectError;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The encoding an XML declaration names. The loader reads every aspect file as UTF-8 and hands the XML parser
 * text, which makes the parser ignore the declared encoding; an XSD validator reading the bytes does not (XML 1.0
 * 4.3.3), so any other name is refused here: {@code encoding="-1"} is no encoding at all, and a file declared as
 * ISO-8859-1 would mean other characters to an editor than to klas.
 */
public final class XmlDeclaration {
    private static final Pattern ENCODING =
            Pattern.compile("\\A<\\?xml\\s(?:[^<>]*?\\s)?encoding\\s*=\\s*(['\"])([^'\"<>]*)\\1");

    private XmlDeclaration() {
    }

    /** An error at the encoding's value when the declaration at the start of {@code text} names another one. */
    public static Optional<AspectError> check(XmlText source, String text) {
        Matcher m = ENCODING.matcher(text);
        if (!m.lookingAt() || m.group(2).equalsIgnoreCase("UTF-8")) {
            return Optional.empty();
        }
        return Optional.of(new AspectError(source.positionOf(m.start(2)),
                "the XML declaration names encoding \"" + m.group(2) + "\"; aspect files are UTF-8"));
    }
}
