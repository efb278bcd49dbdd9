package dev.klas.advice;

import java.util.HexFormat;
import java.util.List;

/**
 * The bytes a hook's address must hold before the hook goes in, as the binary has them. A byte is {@link #UNKNOWN}
 * when the loader, not the file, decides it: relocated fields of a kernel module, and the {@code __fentry__} call
 * that ftrace turns into a NOP at load.
 */
public record OriginalBytes(List<Integer> values) {
    public static final int UNKNOWN = -1;

    public OriginalBytes {
        values = List.copyOf(values);
        for (int v : values) {
            if (v < UNKNOWN || v > 0xff) {
                throw new IllegalArgumentException("byte value " + v);
            }
        }
    }

    public int length() {
        return values.size();
    }

    /** How many bytes are known. */
    public int knownCount() {
        return (int) values.stream().filter(v -> v != UNKNOWN).count();
    }

    /** Like objdump: {@code 8b 47 08}, unknown bytes as {@code ??}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int v : values) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(v == UNKNOWN ? "??" : HexFormat.of().toHexDigits((byte) v));
        }
        return sb.toString();
    }

    /** A C initializer of the bytes, unknown ones as 0: {@code 0x89, 0x50, 0x00}. */
    public String cBytes() {
        return String.join(", ", values.stream().map(v -> String.format("0x%02x", v == UNKNOWN ? 0 : v)).toList());
    }

    /** A C initializer saying which bytes are known: {@code 1, 1, 0}. */
    public String cKnown() {
        return String.join(", ", values.stream().map(v -> v == UNKNOWN ? "0" : "1").toList());
    }
}
