package dev.klas.resolve.x86;

/**
 * Position of an encoded field inside an instruction's bytes, e.g. the disp32 that a copy of a RIP-relative
 * instruction must rewrite.
 *
 * @param offset byte offset from the first byte of the instruction
 * @param size   field size in bytes
 */
public record Field(int offset, int size) {
}
