package dev.klas.resolve.dwarf;

import java.util.Optional;

/**
 * One data member of a struct or union (DWARF5 5.7.6).
 *
 * @param name      the member's name, "" for an anonymous struct or union member
 * @param bitOffset the offset of the member's first bit from the start of the enclosing layout
 * @param bitSize   the width of a bit-field, 0 for an ordinary member
 * @param byteSize  the size of the member's type (for a bit-field, of its storage unit); 0 for a flexible array
 * @param typeName  the member's type as C spells it, roughly ({@code struct mbuf *}, {@code char[12]})
 * @param nested    the layout of the member's type when that type is a struct or union (typedefs and
 *                  qualifiers looked through)
 */
public record Member(String name, long bitOffset, int bitSize, long byteSize, String typeName,
                     Optional<StructLayout> nested) {
    /** The byte offset of the member (of its storage unit's first byte for a bit-field). */
    public long byteOffset() {
        return bitOffset / 8;
    }

    public boolean isBitField() {
        return bitSize > 0;
    }

    public boolean isAnonymous() {
        return name.isEmpty();
    }
}
