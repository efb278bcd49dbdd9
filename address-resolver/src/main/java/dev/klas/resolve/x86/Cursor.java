package dev.klas.resolve.x86;

import java.nio.ByteBuffer;

/** Reads the bytes of one instruction, refusing to run past the buffer or past 15 bytes (SDM Vol. 2 2.3.11). */
final class Cursor {
    static final int MAX_LENGTH = 15;

    private final ByteBuffer code;
    private final int start;
    private final long address;
    private int pos;

    Cursor(ByteBuffer code, long address) {
        this.code = code;
        this.start = code.position();
        this.address = address;
        this.pos = start;
    }

    int next() throws DecodeException {
        ensure(1);
        return code.get(pos++) & 0xFF;
    }

    /** The next byte without consuming it, or -1 at the end of the buffer. */
    int peek() {
        return pos < code.limit() && pos - start < MAX_LENGTH ? code.get(pos) & 0xFF : -1;
    }

    /** A little-endian signed value of {@code size} bytes (1, 2, 4 or 8). */
    long signed(int size) throws DecodeException {
        ensure(size);
        long value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = (value << 8) | (code.get(pos + i) & 0xFF);
        }
        pos += size;
        int shift = 64 - 8 * size;
        return shift == 0 ? value : (value << shift) >> shift;
    }

    /** Bytes consumed so far. */
    int offset() {
        return pos - start;
    }

    long address() {
        return address;
    }

    byte[] bytes() {
        byte[] out = new byte[pos - start];
        code.get(start, out);
        return out;
    }

    DecodeException error(String reason) {
        return new DecodeException(address, bytes(), reason);
    }

    private void ensure(int size) throws DecodeException {
        if (pos - start + size > MAX_LENGTH) {
            throw error("instruction longer than " + MAX_LENGTH + " bytes");
        }
        if (pos + size > code.limit()) {
            byte[] seen = new byte[code.limit() - start];
            code.get(start, seen);
            throw new DecodeException(address, seen, "truncated instruction: needs " + size + " more byte(s)");
        }
    }
}
