package dev.klas.weaver;

import java.util.regex.Pattern;

/**
 * glibc's {@code fnmatch(pattern, name, 0)} as a regular expression: {@code *} any run of characters ({@code /}
 * included), {@code ?} one character, {@code [...]} and {@code [!...]} sets, a backslash quotes the next character.
 * The klas runtime matches segment globs with it (docs/parts-format.md).
 */
public final class Fnmatch {
    private Fnmatch() {
    }

    public static boolean matches(String glob, String name) {
        return regex(glob).matcher(name).matches();
    }

    static Pattern regex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '\\' && i + 1 < glob.length()) {
                re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            } else if (c == '[' && glob.indexOf(']', i + 2) > 0) {
                int end = glob.indexOf(']', i + 2);
                String set = glob.substring(i + 1, end);
                boolean not = set.startsWith("!") || set.startsWith("^");
                StringBuilder cls = new StringBuilder(not ? "[^" : "[");
                for (char s : (not ? set.substring(1) : set).toCharArray()) {
                    cls.append(s == '-' ? "-" : Character.isLetterOrDigit(s) ? String.valueOf(s) : "\\" + s);
                }
                re.append(cls).append(']');
                i = end;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
