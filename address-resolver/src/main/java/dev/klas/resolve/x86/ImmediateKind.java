package dev.klas.resolve.x86;

/** Immediate operand kinds of the opcode tables (SDM Vol. 2 A.2.2 operand-type codes). */
enum ImmediateKind {
    /** No immediate. */
    NONE,
    /** Ib: one byte. */
    BYTE,
    /** Iw: two bytes. */
    WORD,
    /** Iz: two bytes with 66, else four. */
    WORD_OR_DWORD,
    /** Iv of MOV r, imm (B8+r): eight bytes with REX.W, two with 66, else four. */
    FULL,
    /** Iw then Ib (ENTER). */
    WORD_BYTE,
    /** Ib Ib (SSE4a EXTRQ/INSERTQ). */
    TWO_BYTES,
    /** Id: four bytes whatever the prefixes (XOP map 10). */
    DWORD,
    /** Moffs of MOV A0..A3: the address size, eight bytes or four with 67. */
    MOFFS;

    /** Size in bytes given the operand-size and address-size prefixes and REX.W. */
    int size(boolean opsize16, boolean addr32, boolean rexW) {
        return switch (this) {
            case NONE -> 0;
            case BYTE -> 1;
            case WORD -> 2;
            case WORD_OR_DWORD -> opsize16 ? 2 : 4;
            case FULL -> rexW ? 8 : opsize16 ? 2 : 4;
            case WORD_BYTE -> 3;
            case TWO_BYTES -> 2;
            case DWORD -> 4;
            case MOFFS -> addr32 ? 4 : 8;
        };
    }
}
