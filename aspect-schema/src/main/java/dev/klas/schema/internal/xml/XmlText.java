package dev.klas.schema.internal.xml;

import dev.klas.schema.SourcePosition;
import dev.klas.schema.TextOrigin;
import java.util.Arrays;
import java.util.Optional;

/**
 * The raw text of an aspect file, for positions the XML parser does not give: where an attribute's value and an
 * element's text start, and which file position each character of a decoded attribute value came from.
 */
public final class XmlText {
    private static final String CDATA = "<![CDATA[";
    private final String file;
    private final String text;
    private final int[] lineStarts;

    public XmlText(String file, String text) {
        this.file = file;
        this.text = text;
        int[] starts = new int[16];
        int n = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, n);
    }

    public SourcePosition positionOf(int offset) {
        int clamped = Math.max(0, Math.min(offset, text.length()));
        int i = Arrays.binarySearch(lineStarts, clamped);
        int line = i >= 0 ? i : -i - 2;
        return new SourcePosition(file, line + 1, clamped - lineStarts[line] + 1);
    }

    /** Offset just past the {@code >} that closes the start tag beginning at {@code elementOffset}. */
    public int startTagEnd(int elementOffset) {
        char quote = 0;
        for (int i = elementOffset; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return i + 1;
            }
        }
        return text.length();
    }

    /** Where the text content of the element starting at {@code elementOffset} begins (past a CDATA opener). */
    public int contentStart(int elementOffset) {
        int start = startTagEnd(elementOffset);
        int i = start;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return text.startsWith(CDATA, i) ? i + CDATA.length() : start;
    }

    /**
     * The offset of character {@code index} of the text of the element starting at {@code elementOffset}, for an
     * index before which the text is whitespace: the CDATA opener that may follow that whitespace is not text.
     */
    public int textOffset(int elementOffset, int index) {
        int i = startTagEnd(elementOffset);
        for (int k = 0; i < text.length(); i++, k++) {
            if (text.startsWith(CDATA, i)) {
                i += CDATA.length();
            }
            if (k == index) {
                break;
            }
        }
        return Math.min(i, text.length());
    }

    /**
     * The origin of the value of attribute {@code name} in the start tag at {@code elementOffset}: maps an offset
     * in the decoded value to its place in the file, entities and character references counted as written.
     */
    public Optional<TextOrigin> attributeOrigin(int elementOffset, String name) {
        int end = startTagEnd(elementOffset);
        int i = elementOffset;
        while (i < end) {
            int at = text.indexOf(name, i);
            if (at < 0 || at >= end) {
                return Optional.empty();
            }
            int j = at + name.length();
            boolean boundary = at > 0 && Character.isWhitespace(text.charAt(at - 1));
            while (j < end && Character.isWhitespace(text.charAt(j))) {
                j++;
            }
            if (boundary && j < end && text.charAt(j) == '=') {
                j++;
                while (j < end && Character.isWhitespace(text.charAt(j))) {
                    j++;
                }
                if (j < end && (text.charAt(j) == '"' || text.charAt(j) == '\'')) {
                    return Optional.of(valueOrigin(j + 1, text.charAt(j)));
                }
            }
            i = at + name.length();
        }
        return Optional.empty();
    }

    private TextOrigin valueOrigin(int valueStart, char quote) {
        return decodedOffset -> {
            int raw = valueStart;
            for (int k = 0; k < decodedOffset && raw < text.length() && text.charAt(raw) != quote; k++) {
                if (text.charAt(raw) == '&') {
                    int semi = text.indexOf(';', raw);
                    raw = semi < 0 ? raw + 1 : semi + 1;
                } else {
                    raw++;
                }
            }
            return positionOf(raw);
        };
    }
}
