package dev.klas.resolve.x86;

import java.util.HexFormat;

/** A byte sequence that is not a complete, valid x86-64 instruction; carries where and which bytes. */
public final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final long address;
    private final byte[] bytes;

    public DecodeException(long address, byte[] bytes, String reason) {
        super(String.format("0x%x: %s [%s]", address, reason, HexFormat.ofDelimiter(" ").formatHex(bytes)));
        this.address = address;
        this.bytes = bytes.clone();
    }

    /** Address of the first byte of the undecodable instruction. */
    public long address() {
        return address;
    }

    /** The bytes looked at (up to the point of failure, at most 15). */
    public byte[] bytes() {
        return bytes.clone();
    }
}
