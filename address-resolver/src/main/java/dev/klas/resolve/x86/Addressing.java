package dev.klas.resolve.x86;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Decodes the memory form of ModRM (mod != 3), its SIB byte and displacement into a {@link MemoryOperand}
 * (SDM Vol. 2 2.1.5 tables 2-2/2-3, 2.2.1.3 RIP-relative addressing, 2.2.1.6 REX with SIB, 2.7.5 EVEX
 * compressed disp8, 2.3.12 / 2.7.8 VSIB).
 */
final class Addressing {
    private Addressing() {
    }

    /** What the caller needs back besides the operand: where the displacement sits. */
    record Decoded(MemoryOperand operand, Optional<Field> displacement) {
    }

    /** Reads SIB and displacement after {@code modrm}; {@code vsib} names the index class of gathers/scatters. */
    static Decoded read(Cursor cursor, int modrm, Escape escape, Prefixes prefixes, OptionalInt size,
                        Optional<RegisterClass> vsib, Access access) throws DecodeException {
        int mod = modrm >> 6;
        int rm = modrm & 7;
        boolean addr32 = prefixes.addressSize();
        RegisterClass gpr = addr32 ? RegisterClass.GPR32 : RegisterClass.GPR64;
        Optional<Register> base = Optional.empty();
        Optional<Register> index = Optional.empty();
        int scale = 1;
        boolean ripRelative = false;
        boolean disp32 = mod == 2;
        if (vsib.isPresent() && rm != 4) {
            throw cursor.error("VSIB addressing needs a SIB byte");
        }
        if (rm == 4) {
            int sib = cursor.next();
            int idx = ((sib >> 3) & 7) | (escape.x() ? 8 : 0);
            int baseReg = sib & 7;
            if (vsib.isPresent()) {
                index = Optional.of(new Register(vsib.get(), idx | (escape.vPrime() ? 16 : 0)));
                scale = 1 << (sib >> 6);
            } else if (idx != 4) {
                index = Optional.of(new Register(gpr, idx));
                scale = 1 << (sib >> 6);
            }
            if (baseReg == 5 && mod == 0) {
                disp32 = true;
            } else {
                base = Optional.of(new Register(gpr, baseReg | (escape.b() ? 8 : 0)));
            }
        } else if (rm == 5 && mod == 0) {
            ripRelative = true;
            disp32 = true;
            base = Optional.of(new Register(addr32 ? RegisterClass.IP32 : RegisterClass.IP64, 0));
        } else {
            base = Optional.of(new Register(gpr, rm | (escape.b() ? 8 : 0)));
        }
        int dispOffset = cursor.offset();
        long displacement = 0;
        Optional<Field> field = Optional.empty();
        if (mod == 1) {
            displacement = cursor.signed(1) * compression(escape, size);
            field = Optional.of(new Field(dispOffset, 1));
        } else if (disp32) {
            displacement = cursor.signed(4);
            field = Optional.of(new Field(dispOffset, 4));
        }
        Optional<Long> target = Optional.empty();
        if (base.isEmpty() && index.isEmpty()) {
            target = Optional.of(addr32 ? displacement & 0xFFFF_FFFFL : displacement);
        }
        MemoryOperand operand = new MemoryOperand(prefixes.segment(), base, index, scale, displacement, target,
                size, addr32 ? 32 : 64, access);
        return new Decoded(operand, field);
    }

    /** The moffs operand of MOV A0..A3: an absolute address of the address size. */
    static Decoded moffs(Cursor cursor, Prefixes prefixes, OptionalInt size, Access access) throws DecodeException {
        int offset = cursor.offset();
        int width = prefixes.addressSize() ? 4 : 8;
        long value = cursor.signed(width);
        if (width == 4) {
            value &= 0xFFFF_FFFFL;
        }
        MemoryOperand operand = new MemoryOperand(prefixes.segment(), Optional.empty(), Optional.empty(), 1, value,
                Optional.of(value), size, width * 8, access);
        return new Decoded(operand, Optional.of(new Field(offset, width)));
    }

    /** RIP-relative operands get their target once the instruction's end is known. */
    static MemoryOperand resolveRip(MemoryOperand m, long end) {
        if (!m.ripRelative()) {
            return m;
        }
        long target = end + m.displacement();
        if (m.addressSize() == 32) {
            target &= 0xFFFF_FFFFL;
        }
        return new MemoryOperand(m.segment(), m.base(), m.index(), m.scale(), m.displacement(), Optional.of(target),
                m.size(), m.addressSize(), m.access());
    }

    /** EVEX disp8*N: N is the size of the memory access (SDM Vol. 2 2.7.5); 1 for everything else. */
    private static int compression(Escape escape, OptionalInt size) {
        if (!escape.evex()) {
            return 1;
        }
        if (size.isPresent()) {
            return size.getAsInt();
        }
        return escape.broadcast() ? (escape.w() ? 8 : 4) : 16 << Math.min(escape.length(), 2);
    }
}
