package dev.klas.advice.vars;

import dev.klas.resolve.dwarf.Die;
import dev.klas.resolve.dwarf.DwAt;
import dev.klas.resolve.dwarf.DwTag;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A bit-field member's place in the bytes an instruction accesses (DWARF5 5.7.6): {@code shift}, the field's first
 * bit counted from the least significant bit of the access's first byte (x86 is little-endian), {@code bits} its
 * width, and whether its type is signed (the value is sign-extended from the field's top bit, as C does).
 * The access starts at the member's byte ({@code DW_AT_data_bit_offset / 8}: klas ties an access to a member by that
 * displacement), so the shift is the bit offset modulo 8.
 */
record BitField(int shift, int bits, boolean signed) {

    /** The member's bit-field facts; empty for a member that is not a bit-field or whose offset DWARF does not give. */
    static Optional<BitField> of(Die member) {
        OptionalLong size = member.number(DwAt.BIT_SIZE);
        OptionalLong offset = offset(member);
        if (size.isEmpty() || offset.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new BitField((int) (offset.getAsLong() % 8), (int) size.getAsLong(),
                signed(member.reference(DwAt.TYPE))));
    }

    /**
     * A bit-field member's first bit, counted from the start of its struct (DWARF5 5.7.6 DW_AT_data_bit_offset, or
     * DWARF 2/3 DW_AT_bit_offset from the most significant bit of a DW_AT_byte_size storage unit at
     * DW_AT_data_member_location; 0 in a union); empty for a member that is not a bit-field or whose offset DWARF does not give.
     */
    static OptionalLong offset(Die member) {
        OptionalLong size = member.number(DwAt.BIT_SIZE);
        if (size.isEmpty()) {
            return OptionalLong.empty();
        }
        OptionalLong offset = member.number(DwAt.DATA_BIT_OFFSET);
        if (offset.isPresent()) {
            return offset;
        }
        /* gcc gives a union's members no DW_AT_data_member_location: they start at 0 */
        boolean union = member.parent().filter(p -> p.tag() == DwTag.UNION_TYPE).isPresent();
        if (!member.has(DwAt.BIT_OFFSET)) {
            return union ? OptionalLong.of(0) : OptionalLong.empty();
        }
        OptionalLong unit = member.number(DwAt.BYTE_SIZE);
        OptionalLong location = member.number(DwAt.DATA_MEMBER_LOCATION);
        if (location.isEmpty() && union) {
            location = OptionalLong.of(0);
        }
        if (unit.isEmpty() || location.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(location.getAsLong() * 8 + unit.getAsLong() * 8
                - member.number(DwAt.BIT_OFFSET).getAsLong() - size.getAsLong());
    }

    /** Whether the field lies in the {@code bytes} bytes of an access that starts at its first byte. */
    boolean within(int bytes) {
        return shift + bits <= 8 * bytes && bits <= 64;
    }

    /** How many bytes from the field's first byte hold it. */
    int bytes() {
        return (shift + bits + 7) / 8;
    }

    /**
     * The field's value in {@code raw}, a {@code uint64_t} expression holding the bytes from the field's first byte,
     * as a {@code uint64_t} expression: shifted, masked and, for a signed field, sign-extended from its top bit.
     */
    String value(String raw) {
        String mask = bits == 64 ? "~0ull" : "0x" + Long.toHexString((1L << bits) - 1) + "ull";
        String value = "(((uint64_t)(" + raw + ") >> " + shift + ") & " + mask + ")";
        if (signed && bits < 64) {
            value = "(uint64_t)((int64_t)(" + value + " << " + (64 - bits) + ") >> " + (64 - bits) + ")";
        }
        return value;
    }

    /**
     * A C statement that sets {@code name} (of {@code typeSize} bytes) to the field's value in {@code raw}, a
     * {@code uint64_t} expression holding the accessed bytes.
     */
    String extract(String name, String raw, long typeSize) {
        return "{ uint64_t klas_v = " + value(raw) + "; klas_var_copy(&" + name + ", &klas_v, " + typeSize + "); }";
    }

    /**
     * The type C gives a read of the field in an expression (C11 6.3.1.1: int when an int holds all its values,
     * else its own width's).
     */
    String promoted() {
        if (bits < 32 || bits == 32 && signed) {
            return "int";
        }
        return bits == 32 ? "unsigned int" : signed ? "long long" : "unsigned long long";
    }

    private static boolean signed(Optional<Die> type) {
        Optional<Die> t = CTypes.strip(type);
        if (t.isPresent() && t.get().tag() == DwTag.ENUMERATION_TYPE) {
            t = CTypes.strip(t.get().reference(DwAt.TYPE));
        }
        return t.isPresent() && t.get().tag() == DwTag.BASE_TYPE
                && (t.get().number(DwAt.ENCODING).orElse(0) == 0x05 || t.get().number(DwAt.ENCODING).orElse(0) == 0x06);
    }
}
