package dev.klas.resolve.link;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /etc/ld.so.cache} in glibc's "new" format ({@code glibc-ld.so.cache1.1}, glibc elf/cache.c, written by
 * ldconfig since glibc 2.32): library name to path, for x86-64 libc6 entries only (flags 0x0303) without a hwcap
 * subdirectory, the first entry of a name winning, as in ld.so's search. A missing file or another format gives an empty cache.
 */
public final class LdSoCache {
    static final String MAGIC = "glibc-ld.so.cache1.1";
    private static final int HEADER = 48;
    private static final int ENTRY = 24;
    private static final int FLAGS_X86_64_LIBC6 = 0x0303;

    private final Map<String, Path> entries;

    private LdSoCache(Map<String, Path> entries) {
        this.entries = entries;
    }

    /** The cache read from {@code file}; empty when the file is missing, short or of another format. */
    public static LdSoCache read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return new LdSoCache(Map.of());
        }
        return new LdSoCache(parse(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)));
    }

    private static Map<String, Path> parse(ByteBuffer b) {
        Map<String, Path> out = new LinkedHashMap<>();
        if (b.limit() < HEADER || !MAGIC.equals(ascii(b, 0, MAGIC.length()))) {
            return out;
        }
        long count = Integer.toUnsignedLong(b.getInt(20));
        for (long i = 0; i < count && HEADER + (i + 1) * ENTRY <= b.limit(); i++) {
            int at = (int) (HEADER + i * ENTRY);
            if (b.getInt(at) != FLAGS_X86_64_LIBC6 || b.getLong(at + 16) != 0) {
                continue;
            }
            String key = cstring(b, b.getInt(at + 4));
            String value = cstring(b, b.getInt(at + 8));
            if (!key.isEmpty() && !value.isEmpty()) {
                out.putIfAbsent(key, Path.of(value));
            }
        }
        return out;
    }

    /** The path the cache gives for {@code name} ({@code libc.so.6}). */
    public Optional<Path> find(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /** Every x86-64 entry, name to path. */
    public Map<String, Path> entries() {
        return Map.copyOf(entries);
    }

    private static String cstring(ByteBuffer b, int offset) {
        if (offset < 0 || offset >= b.limit()) {
            return "";
        }
        int end = offset;
        while (end < b.limit() && b.get(end) != 0) {
            end++;
        }
        return ascii(b, offset, end - offset);
    }

    private static String ascii(ByteBuffer b, int offset, int length) {
        byte[] s = new byte[length];
        b.get(offset, s);
        return new String(s, StandardCharsets.UTF_8);
    }
}
