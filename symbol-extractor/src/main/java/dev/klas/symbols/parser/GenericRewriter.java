package dev.klas.symbols.parser;

/**
 * CDT's C parser does not know C11 {@code _Generic} (C11 6.5.1.1). This rewrites each
 * {@code _Generic(ctrl, T1: e1, ..., default: ed)} in the text into the comma expression
 * {@code ((void)(ctrl), (void)(e1), ..., (ed))}: every sub-expression stays in the AST (so member accesses in it
 * are seen) and the value has the default association's type (the first association's when there is no default).
 * An association without a visible {@code type:} (one produced by a macro) is dropped. Line breaks inside the
 * construct are kept after it so that line numbers do not move.
 */
final class GenericRewriter {
    private static final String KEYWORD = "_Generic";

    private GenericRewriter() {
    }

    static String rewrite(String text) {
        if (!text.contains(KEYWORD)) {
            return text;
        }
        int at = find(text, 0);
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        while (at >= 0) {
            int open = skipSpace(text, at + KEYWORD.length());
            boolean identifierStart = at == 0 || !Character.isJavaIdentifierPart(text.charAt(at - 1));
            if (identifierStart && open < text.length() && text.charAt(open) == '(') {
                int close = matching(text, open);
                if (close > 0) {
                    out.append(text, copied, at).append(replacement(text.substring(open + 1, close)));
                    copied = close + 1;
                    at = find(text, copied);
                    continue;
                }
            }
            at = find(text, at + KEYWORD.length());
        }
        return out.append(text, copied, text.length()).toString();
    }

    /** Next occurrence of the keyword outside comments and string/char literals, -1 if none. */
    private static int find(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'') {
                i = endOfLiteral(s, i, c);
            } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? s.length() : nl;
            } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 1;
            } else if (c == '_' && s.startsWith(KEYWORD, i)) {
                return i;
            }
        }
        return -1;
    }

    private static String replacement(String inside) {
        java.util.List<String> parts = splitTopLevel(inside, ',');
        StringBuilder b = new StringBuilder("((void)(").append(flat(parts.get(0))).append(')');
        String chosen = null;
        String first = null;
        for (String assoc : parts.subList(1, parts.size())) {
            int colon = topLevelColon(assoc);
            if (colon < 0) {
                continue;
            }
            String type = flat(assoc.substring(0, colon));
            String expr = flat(assoc.substring(colon + 1));
            if (first == null) {
                first = expr;
            }
            if (type.equals("default")) {
                chosen = expr;
            } else {
                b.append(", (void)(").append(expr).append(')');
            }
        }
        b.append(", (").append(chosen != null ? chosen : first != null ? first : "0").append("))");
        StringBuilder breaks = new StringBuilder();
        for (int i = 0; i < inside.length(); i++) {
            if (inside.charAt(i) == '\n') {
                breaks.append(i > 0 && inside.charAt(i - 1) == '\\' ? " \\\n" : "\n");
            }
        }
        return b.append(breaks).toString();
    }

    private static String flat(String s) {
        return s.replace("\\\n", " ").replace('\n', ' ').strip();
    }

    private static int topLevelColon(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ':' && depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static java.util.List<String> splitTopLevel(String s, char sep) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == sep && depth == 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && (Character.isWhitespace(s.charAt(i)) || s.charAt(i) == '\\')) {
            i++;
        }
        return i;
    }

    /** Index of the parenthesis closing the one at {@code open}, skipping string and char literals; -1 if none. */
    private static int matching(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'') {
                i = endOfLiteral(s, i, c);
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int endOfLiteral(String s, int i, char quote) {
        for (int j = i + 1; j < s.length(); j++) {
            if (s.charAt(j) == '\\') {
                j++;
            } else if (s.charAt(j) == quote || s.charAt(j) == '\n') {
                return j;
            }
        }
        return s.length();
    }
}
