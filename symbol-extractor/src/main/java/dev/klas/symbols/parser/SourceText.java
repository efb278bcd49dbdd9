package dev.klas.symbols.parser;

import java.util.Arrays;

/**
 * One source file as the parser sees it: bytes decoded as ISO-8859-1 (so a char offset is a byte offset and
 * columns count bytes, as gcc and clang do), after {@link GenericRewriter}; plus the hash of the original bytes.
 */
record SourceText(String path, char[] chars, String hash, int[] lineStarts) {
    static SourceText of(String path, byte[] bytes, String hash) {
        char[] chars = AsmQualifiers.rewrite(GenericRewriter.rewrite(
                new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1))).toCharArray();
        int[] starts = new int[16];
        int n = 0;
        starts[n++] = 0;
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == '\n') {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = i + 1;
            }
        }
        return new SourceText(path, chars, hash, Arrays.copyOf(starts, n));
    }

    /** 1-based line of a char offset. */
    int line(int offset) {
        int i = Arrays.binarySearch(lineStarts, offset);
        return i >= 0 ? i + 1 : -i - 1;
    }

    /** 1-based column of a char offset. */
    int column(int offset) {
        return offset - lineStarts[line(offset) - 1] + 1;
    }
}
