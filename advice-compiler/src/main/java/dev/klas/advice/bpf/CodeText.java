package dev.klas.advice.bpf;

/**
 * Advice code with its comments, string and character literals replaced by spaces (newlines kept), so that offsets
 * and line/column positions stay those of the original while a scan sees only code.
 */
final class CodeText {
    private CodeText() {
    }

    static String blank(String code) {
        StringBuilder out = new StringBuilder(code);
        int i = 0;
        while (i < code.length()) {
            int end;
            if (code.startsWith("//", i)) {
                int nl = code.indexOf('\n', i);
                end = nl < 0 ? code.length() : nl;
            } else if (code.startsWith("/*", i)) {
                int close = code.indexOf("*/", i + 2);
                end = close < 0 ? code.length() : close + 2;
            } else if (code.charAt(i) == '"' || code.charAt(i) == '\'') {
                end = literalEnd(code, i);
            } else {
                i++;
                continue;
            }
            for (int k = i; k < end; k++) {
                if (out.charAt(k) != '\n') {
                    out.setCharAt(k, ' ');
                }
            }
            i = end;
        }
        return out.toString();
    }

    private static int literalEnd(String code, int i) {
        char quote = code.charAt(i);
        int k = i + 1;
        while (k < code.length() && code.charAt(k) != quote && code.charAt(k) != '\n') {
            k += code.charAt(k) == '\\' ? 2 : 1;
        }
        return Math.min(code.length(), k + 1);
    }

    /** The offset after the bracket that closes the one at {@code open} (the text's length when unclosed). */
    static int close(String text, int open) {
        char o = text.charAt(open);
        char c = o == '(' ? ')' : o == '{' ? '}' : ']';
        int depth = 0;
        for (int k = open; k < text.length(); k++) {
            char ch = text.charAt(k);
            if (ch == o) {
                depth++;
            } else if (ch == c && --depth == 0) {
                return k + 1;
            }
        }
        return text.length();
    }

    /** The first offset at or after {@code i} that is no whitespace. */
    static int skipSpace(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
