package dev.klas.symbols.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A header context's macro text as the table stores it: zlib-compressed (RFC 1950) in {@code headers.macros}, keyed
 * by {@code headers.digest}, the first 16 bytes of its SHA-256 in hex. The text is sorted lines, half of them
 * {@code undefined NAME}, and contexts of one header share most of them, so it packs to about a tenth; the digest
 * keeps the long text out of the table's unique index.
 */
final class MacroText {
    private MacroText() {
    }

    static byte[] pack(String text) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            d.setInput(text.getBytes(StandardCharsets.UTF_8));
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

    static String unpack(byte[] packed, long header) throws SQLException {
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
            return out.toString(StandardCharsets.UTF_8);
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
