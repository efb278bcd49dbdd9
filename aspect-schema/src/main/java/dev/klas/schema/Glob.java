package dev.klas.schema;

import java.util.regex.Pattern;

/**
 * A file path glob. {@code *} matches any run of characters but {@code /}, {@code **} any run including {@code /},
 * {@code ?} one character but {@code /}, {@code [abc]}, {@code [a-z]} and {@code [!abc]} one character of a set,
 * and a backslash quotes the next character. A glob that does not start with {@code /} matches a path when it
 * matches the whole path or a tail of it that starts after a {@code /}: {@code net/ipv4/*.c} matches
 * {@code /src/linux/net/ipv4/tcp.c} and {@code net/ipv4/tcp.c}.
 */
public record Glob(String text) {

    public Glob {
        compile(text);
    }

    public static Glob of(String text) {
        return new Glob(text);
    }

    public boolean matches(String path) {
        return regex().matcher(path).matches();
    }

    /** The glob as a regular expression over a whole path. */
    public Pattern regex() {
        return compile(text);
    }

    @Override
    public String toString() {
        return text;
    }

    private static Pattern compile(String text) {
        if (text == null || text.isEmpty()) {
            throw new PatternSyntaxError("empty glob", 0);
        }
        StringBuilder re = new StringBuilder(text.startsWith("/") ? "" : "(?:.*/)?");
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            switch (c) {
                case '*' -> i = star(text, i, re);
                case '?' -> { re.append("[^/]"); i++; }
                case '[' -> i = bracket(text, i, re);
                case '\\' -> {
                    if (i + 1 >= text.length()) {
                        throw new PatternSyntaxError("malformed glob '" + text + "': a trailing backslash quotes nothing", i);
                    }
                    re.append(Pattern.quote(String.valueOf(text.charAt(i + 1))));
                    i += 2;
                }
                default -> {
                    if (Character.isISOControl(c)) {
                        throw new PatternSyntaxError("malformed glob '" + text.strip() + "': control character", i);
                    }
                    re.append(Pattern.quote(String.valueOf(c)));
                    i++;
                }
            }
        }
        try {
            return Pattern.compile(re.toString());
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new PatternSyntaxError("malformed glob '" + text + "': " + e.getDescription(), 0);
        }
    }

    private static int star(String text, int i, StringBuilder re) {
        int n = 0;
        while (i + n < text.length() && text.charAt(i + n) == '*') {
            n++;
        }
        if (n > 2) {
            throw new PatternSyntaxError("malformed glob '" + text + "': '" + "*".repeat(n)
                    + "' is not a wildcard (use * or **)", i);
        }
        re.append(n == 2 ? ".*" : "[^/]*");
        return i + n;
    }

    private static int bracket(String text, int start, StringBuilder re) {
        int i = start + 1;
        StringBuilder set = new StringBuilder("[");
        if (i < text.length() && text.charAt(i) == '!') {
            set.append('^');
            i++;
        }
        int first = i;
        while (i < text.length() && text.charAt(i) != ']') {
            char c = text.charAt(i);
            if (c == '/') {
                throw new PatternSyntaxError("malformed glob '" + text + "': '/' inside [...]", i);
            }
            if (c == '-' && i > first && i + 1 < text.length() && text.charAt(i + 1) != ']') {
                set.append('-');
            } else {
                set.append(c == '^' || c == '[' || c == '&' || c == '\\' || c == '-' ? "\\" + c : String.valueOf(c));
            }
            i++;
        }
        if (i >= text.length()) {
            throw new PatternSyntaxError("malformed glob '" + text + "': '[' is never closed", start);
        }
        if (i == first) {
            throw new PatternSyntaxError("malformed glob '" + text + "': empty []", start);
        }
        re.append(set).append(']');
        return i + 1;
    }
}
