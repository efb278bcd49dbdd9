package dev.klas.advice;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns names from aspects and binaries into C: identifiers made only of {@code [A-Za-z0-9_]} (C11 6.4.2.1) and
 * string literals in which every byte outside printable ASCII, and {@code "}, {@code \}, {@code ?} (trigraphs), is an
 * octal escape (C11 6.4.4.4). Nothing a user wrote reaches generated C or a Makefile another way.
 */
public final class CNames {
    private CNames() {
    }

    /** {@code name} with every other character replaced by {@code _}, never empty, never starting with a digit. */
    public static String identifier(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            sb.append(ok ? c : '_');
        }
        if (sb.length() == 0 || Character.isDigit(sb.charAt(0))) {
            sb.insert(0, "a_");
        }
        return sb.toString();
    }

    /** One distinct identifier per name, in order: a clash gets {@code _2}, {@code _3}, ... */
    public static List<String> identifiers(List<String> names) {
        Set<String> used = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (String n : names) {
            String base = identifier(n);
            String id = base;
            for (int k = 2; !used.add(id); k++) {
                id = base + "_" + k;
            }
            out.add(id);
        }
        return out;
    }

    /** A C string literal, quotes included, holding the UTF-8 bytes of {@code s}. */
    public static String literal(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '?') {
                sb.append((char) c);
            } else {
                sb.append('\\').append((char) ('0' + (c >> 6))).append((char) ('0' + ((c >> 3) & 7)))
                        .append((char) ('0' + (c & 7)));
            }
        }
        return sb.append('"').toString();
    }
}
