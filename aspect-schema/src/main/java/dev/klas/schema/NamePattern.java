package dev.klas.schema;

import java.util.regex.Pattern;

/**
 * A C identifier, or an identifier pattern with {@code *} (any run of characters) and {@code ?} (one character):
 * struct tags, member names and function names. {@code tcp_*}, {@code *len}, {@code m_?en}.
 */
public record NamePattern(String text) {

    public NamePattern {
        validate(text);
    }

    public static NamePattern of(String text) {
        return new NamePattern(text);
    }

    /** True when the pattern has no wildcard and names exactly one identifier. */
    public boolean isExact() {
        return text.indexOf('*') < 0 && text.indexOf('?') < 0;
    }

    public boolean matches(String name) {
        return isExact() ? text.equals(name) : regex().matcher(name).matches();
    }

    /** The pattern as a regular expression over the whole name. */
    public Pattern regex() {
        StringBuilder re = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    @Override
    public String toString() {
        return text;
    }

    private static void validate(String text) {
        if (text == null || text.isEmpty()) {
            throw new PatternSyntaxError("empty name", 0);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c == '_' || c == '*' || c == '?' || (c < 128 && Character.isLetterOrDigit(c));
            if (!ok) {
                throw new PatternSyntaxError("malformed name pattern '" + text + "': character '" + c
                        + "' is not allowed (letters, digits, _, * and ? only)", i);
            }
            if (i == 0 && Character.isDigit(c)) {
                throw new PatternSyntaxError("malformed name pattern '" + text + "': a C name cannot start with a digit", i);
            }
        }
    }
}
