package dev.klas.symbols.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A header context's macro text as the table stores it in {@code headers.macros}: the ids of its lines in
 * {@code macro_lines} ({@link MacroLines}), sorted, each as the varint (7 bits a byte, low first) of its difference
 * to the one before, zlib-compressed (RFC 1950); keyed by {@code headers.digest}, the first 16 bytes of the text's
 * SHA-256 in hex, which keeps the text out of the table's unique index.
 */
final class MacroText {
    private MacroText() {
    }

    /** The line ids, sorted, as varint deltas, zlib-compressed. */
    static byte[] pack(long[] lineIds) {
        long[] ids = lineIds.clone();
        Arrays.sort(ids);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        long last = 0;
        for (long id : ids) {
            long d = id - last;
            last = id;
            while (d >= 0x80) {
                raw.write((int) (d & 0x7f) | 0x80);
                d >>>= 7;
            }
            raw.write((int) d);
        }
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            d.setInput(raw.toByteArray());
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    static long[] unpack(byte[] packed, long header) throws SQLException {
        byte[] raw = inflate(packed, header);
        long[] out = new long[raw.length];
        int n = 0;
        long last = 0;
        for (int i = 0; i < raw.length; ) {
            long d = 0;
            int shift = 0;
            int b;
            do {
                if (i >= raw.length) {
                    throw new SQLException("headers row " + header + ": macro context ends inside a line id");
                }
                b = raw[i++];
                d |= (long) (b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            last += d;
            out[n++] = last;
        }
        return Arrays.copyOf(out, n);
    }

    private static byte[] inflate(byte[] packed, long header) throws SQLException {
        Inflater in = new Inflater();
        try {
            in.setInput(packed);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!in.finished()) {
                int n = in.inflate(buf);
                if (n == 0 && !in.finished() && (in.needsInput() || in.needsDictionary())) {
                    throw new SQLException("headers row " + header + ": macro context truncated");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new SQLException("headers row " + header + ": macro context not zlib data: " + e.getMessage(), e);
        } finally {
            in.end();
        }
    }

    static String digest(String text) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
