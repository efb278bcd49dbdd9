package dev.klas.advice.vars;

import dev.klas.schema.Advice;
import dev.klas.schema.SourcePosition;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The program variables an advice body names as {@code $name} (SystemTap's spelling), each with the aspect position
 * of its first use. String and character literals and comments are skipped, so {@code "$5 $x"} names nothing.
 */
public final class DollarNames {
    private DollarNames() {
    }

    /** name (without the {@code $}) to the position of its first use, in order of first use. */
    public static Map<String, SourcePosition> of(Advice advice) {
        return scan(advice, java.util.Set.of(), true);
    }

    /**
     * Which of {@code words} (whole C identifiers such as {@code klas_new}) the advice uses, each with the position
     * of its first use; literals and comments skipped as for {@code $name}s.
     */
    public static Map<String, SourcePosition> words(Advice advice, java.util.Set<String> words) {
        return scan(advice, words, false);
    }

    /** The names the advice tests with {@code klas_available($name)}: unavailable there means false, not refused. */
    public static java.util.Set<String> optional(Advice advice) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\\bklas_available\\s*\\(\\s*\\$([A-Za-z_][A-Za-z0-9_]*)\\s*\\)").matcher(advice.code());
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static Map<String, SourcePosition> scan(Advice advice, java.util.Set<String> words, boolean dollar) {
        String code = advice.code();
        Map<String, SourcePosition> out = new LinkedHashMap<>();
        int i = 0;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (c == '"' || c == '\'') {
                i = literalEnd(code, i, c);
            } else if (code.startsWith("//", i)) {
                int nl = code.indexOf('\n', i);
                i = nl < 0 ? code.length() : nl;
            } else if (code.startsWith("/*", i)) {
                int end = code.indexOf("*/", i + 2);
                i = end < 0 ? code.length() : end + 2;
            } else if (dollar && c == '$' && i + 1 < code.length() && start(code.charAt(i + 1))
                    && (i == 0 || !part(code.charAt(i - 1)))) {
                int j = i + 1;
                while (j < code.length() && part(code.charAt(j))) {
                    j++;
                }
                out.putIfAbsent(code.substring(i + 1, j), position(advice, i));
                i = j;
            } else if (!dollar && start(c) && (i == 0 || !part(code.charAt(i - 1)))) {
                int j = i + 1;
                while (j < code.length() && part(code.charAt(j))) {
                    j++;
                }
                if (words.contains(code.substring(i, j))) {
                    out.putIfAbsent(code.substring(i, j), position(advice, i));
                }
                i = j;
            } else {
                i++;
            }
        }
        return out;
    }

    private static int literalEnd(String code, int from, char quote) {
        int i = from + 1;
        while (i < code.length() && code.charAt(i) != quote && code.charAt(i) != '\n') {
            i += code.charAt(i) == '\\' ? 2 : 1;
        }
        return i + 1;
    }

    private static boolean start(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean part(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** The aspect position of {@code offset} in the advice's code (its first character is at the advice position). */
    static SourcePosition position(Advice advice, int offset) {
        SourcePosition p = advice.position();
        String before = advice.code().substring(0, offset);
        int nl = before.lastIndexOf('\n');
        int lines = (int) before.chars().filter(ch -> ch == '\n').count();
        int column = nl < 0 ? p.column() + offset : offset - nl;
        return new SourcePosition(p.file(), p.line() + lines, column);
    }
}
