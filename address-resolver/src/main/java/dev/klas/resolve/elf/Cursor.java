package dev.klas.resolve.elf;

import dev.klas.resolve.FormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A little-endian byte cursor over one section with a sticky error, in the style of Go's debug/dwarf buf.go: a read
 * past the end records the first error, moves the cursor to the end and returns 0, so loops that test
 * {@link #hasRemaining()} stop by themselves; {@link #check()} throws the recorded error.
 */
public final class Cursor {
    /** Creates the typed exception for a cursor kind. */
    @FunctionalInterface
    public interface ErrorFactory {
        FormatException create(String section, long offset, String message);
    }

    private final ByteBuffer buf;
    private final String section;
    private final ErrorFactory errors;
    private int pos;
    private int limit;
    private FormatException error;

    /** A cursor over {@code buf} (absolute indices 0..limit), errors naming {@code section}. */
    public Cursor(ByteBuffer buf, String section, ErrorFactory errors) {
        this.buf = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.section = section;
        this.errors = errors;
        this.pos = 0;
        this.limit = buf.limit();
    }

    /** A cursor raising {@link ElfFormatException}. */
    public static Cursor elf(ByteBuffer buf, String section) {
        return new Cursor(buf, section, ElfFormatException::new);
    }

    public String section() {
        return section;
    }

    public int position() {
        return pos;
    }

    public int limit() {
        return limit;
    }

    /** Moves to {@code offset}; an offset outside the data is an error. */
    public Cursor seek(long offset) {
        if (offset < 0 || offset > limit) {
            fail(pos, "offset 0x" + Long.toHexString(offset) + " outside section of size 0x"
                    + Integer.toHexString(limit));
        } else {
            pos = (int) offset;
        }
        return this;
    }

    /** Restricts reading to end at {@code end} (absolute); beyond the current limit is an error. */
    public void limitTo(long end) {
        if (end < pos || end > limit) {
            fail(pos, "length 0x" + Long.toHexString(end - pos) + " runs past the end of the data");
        } else {
            limit = (int) end;
        }
    }

    public boolean hasRemaining() {
        return pos < limit;
    }

    public int remaining() {
        return limit - pos;
    }

    public boolean failed() {
        return error != null;
    }

    /** Throws the first recorded error, if any. */
    public void check() {
        if (error != null) {
            throw error;
        }
    }

    /** Records an error at the current position (only the first is kept) and stops the cursor. */
    public void fail(String message) {
        fail(pos, message);
    }

    private void fail(int at, String message) {
        if (error == null) {
            error = errors.create(section, at, message);
        }
        pos = limit;
    }

    private boolean need(int n) {
        if (n < 0 || limit - pos < n) {
            fail(pos, "unexpected end of data (need " + n + " bytes, have " + (limit - pos) + ")");
            return false;
        }
        return true;
    }

    public int u8() {
        if (pos >= limit) {
            need(1);
            return 0;
        }
        return buf.get(pos++) & 0xff;
    }

    public int s8() {
        return (byte) u8();
    }

    public int u16() {
        if (!need(2)) {
            return 0;
        }
        int v = buf.getShort(pos) & 0xffff;
        pos += 2;
        return v;
    }

    public int u24() {
        if (!need(3)) {
            return 0;
        }
        int v = (buf.get(pos) & 0xff) | (buf.get(pos + 1) & 0xff) << 8 | (buf.get(pos + 2) & 0xff) << 16;
        pos += 3;
        return v;
    }

    public long u32() {
        if (!need(4)) {
            return 0;
        }
        long v = buf.getInt(pos) & 0xffffffffL;
        pos += 4;
        return v;
    }

    public long u64() {
        if (!need(8)) {
            return 0;
        }
        long v = buf.getLong(pos);
        pos += 8;
        return v;
    }

    /** An unsigned value of {@code size} bytes (1, 2, 4 or 8). */
    public long unsigned(int size) {
        switch (size) {
            case 1: return u8();
            case 2: return u16();
            case 4: return u32();
            case 8: return u64();
            default:
                fail(pos, "unsupported value size " + size);
                return 0;
        }
    }

    /** Unsigned LEB128 (DWARF5 7.6); bits beyond 64 are dropped. */
    public long uleb() {
        if (pos < limit) {
            byte first = buf.get(pos);
            if (first >= 0) {
                pos++;
                return first;
            }
        }
        long result = 0;
        int shift = 0;
        while (pos < limit) {
            int b = buf.get(pos++);
            if (shift < 64) {
                result |= (long) (b & 0x7f) << shift;
            }
            shift += 7;
            if (b >= 0) {
                return result;
            }
        }
        need(1);
        return 0;
    }

    /** Signed LEB128 (DWARF5 7.6). */
    public long sleb() {
        long result = 0;
        int shift = 0;
        while (pos < limit) {
            int b = buf.get(pos++);
            if (shift < 64) {
                result |= (long) (b & 0x7f) << shift;
            }
            shift += 7;
            if (b >= 0) {
                if (shift < 64 && (b & 0x40) != 0) {
                    result |= -1L << shift;
                }
                return result;
            }
        }
        need(1);
        return 0;
    }

    /** An unsigned LEB128 that must fit a non-negative int (counts, indices). */
    public int ulebInt() {
        long v = uleb();
        if (v < 0 || v > Integer.MAX_VALUE) {
            fail(pos, "value 0x" + Long.toHexString(v) + " too large");
            return 0;
        }
        return (int) v;
    }

    /** Skips {@code n} bytes. */
    public void skip(long n) {
        if (n < 0 || n > limit - pos) {
            need(n > Integer.MAX_VALUE ? -1 : (int) n);
            return;
        }
        pos += (int) n;
    }

    /** A NUL-terminated UTF-8 string. */
    public String cstring() {
        int start = pos;
        int end = start;
        while (end < limit && buf.get(end) != 0) {
            end++;
        }
        if (end >= limit) {
            fail(start, "string not terminated");
            return "";
        }
        pos = end + 1;
        return decode(start, end - start);
    }

    /** Skips a NUL-terminated string without decoding it. */
    public void skipCString() {
        int end = pos;
        while (end < limit && buf.get(end) != 0) {
            end++;
        }
        if (end >= limit) {
            fail(pos, "string not terminated");
            return;
        }
        pos = end + 1;
    }

    /** {@code n} raw bytes copied out. */
    public byte[] bytes(long n) {
        if (!need(n > Integer.MAX_VALUE ? -1 : (int) n)) {
            return new byte[0];
        }
        byte[] out = new byte[(int) n];
        buf.get(pos, out);
        pos += (int) n;
        return out;
    }

    private String decode(int start, int len) {
        byte[] b = new byte[len];
        buf.get(start, b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
