package dev.klas.resolve;

import java.util.ArrayDeque;
import java.util.Deque;

/** Lexical path normalization for source file names from DWARF (no file system access). */
final class Paths {
    private Paths() {
    }

    /** Removes "." segments, folds "x/.." and doubled slashes; keeps a leading "/" and leading ".." segments. */
    static String normalize(String p) {
        if (p.indexOf("/.") < 0 && p.indexOf("//") < 0 && !p.startsWith("./") && !p.startsWith("../")) {
            return p;
        }
        boolean abs = p.startsWith("/");
        Deque<String> parts = new ArrayDeque<>();
        for (String s : p.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..") && !parts.isEmpty() && !parts.peekLast().equals("..")) {
                parts.removeLast();
            } else if (!(s.equals("..") && abs && parts.isEmpty())) {
                parts.addLast(s);
            }
        }
        return (abs ? "/" : "") + String.join("/", parts);
    }

    /**
     * Whether {@code path} is {@code query}, or, for a relative query, ends with it at a component boundary
     * ({@code ipv4/tcp.c} names {@code /src/net/ipv4/tcp.c}). Both are compared as given: normalize them first.
     */
    static boolean names(String path, String query) {
        return path.equals(query) || (!query.startsWith("/") && path.endsWith("/" + query));
    }

    static String baseName(String p) {
        return p.substring(p.lastIndexOf('/') + 1);
    }
}
