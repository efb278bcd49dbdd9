package dev.klas.resolve.dwarf;

import dev.klas.resolve.elf.Cursor;

/** Attribute forms (DWARF5 7.5.5, Table 7.6, plus the GNU extensions binutils knows) and how to read them. */
final class Forms {
    static final int DW_FORM_ADDR = 0x01;
    static final int DW_FORM_BLOCK2 = 0x03;
    static final int DW_FORM_BLOCK4 = 0x04;
    static final int DW_FORM_DATA2 = 0x05;
    static final int DW_FORM_DATA4 = 0x06;
    static final int DW_FORM_DATA8 = 0x07;
    static final int DW_FORM_STRING = 0x08;
    static final int DW_FORM_BLOCK = 0x09;
    static final int DW_FORM_BLOCK1 = 0x0a;
    static final int DW_FORM_DATA1 = 0x0b;
    static final int DW_FORM_FLAG = 0x0c;
    static final int DW_FORM_SDATA = 0x0d;
    static final int DW_FORM_STRP = 0x0e;
    static final int DW_FORM_UDATA = 0x0f;
    static final int DW_FORM_REF_ADDR = 0x10;
    static final int DW_FORM_REF1 = 0x11;
    static final int DW_FORM_REF2 = 0x12;
    static final int DW_FORM_REF4 = 0x13;
    static final int DW_FORM_REF8 = 0x14;
    static final int DW_FORM_REF_UDATA = 0x15;
    static final int DW_FORM_INDIRECT = 0x16;
    static final int DW_FORM_SEC_OFFSET = 0x17;
    static final int DW_FORM_EXPRLOC = 0x18;
    static final int DW_FORM_FLAG_PRESENT = 0x19;
    static final int DW_FORM_STRX = 0x1a;
    static final int DW_FORM_ADDRX = 0x1b;
    static final int DW_FORM_REF_SUP4 = 0x1c;
    static final int DW_FORM_STRP_SUP = 0x1d;
    static final int DW_FORM_DATA16 = 0x1e;
    static final int DW_FORM_LINE_STRP = 0x1f;
    static final int DW_FORM_REF_SIG8 = 0x20;
    static final int DW_FORM_IMPLICIT_CONST = 0x21;
    static final int DW_FORM_LOCLISTX = 0x22;
    static final int DW_FORM_RNGLISTX = 0x23;
    static final int DW_FORM_REF_SUP8 = 0x24;
    static final int DW_FORM_STRX1 = 0x25;
    static final int DW_FORM_STRX2 = 0x26;
    static final int DW_FORM_STRX3 = 0x27;
    static final int DW_FORM_STRX4 = 0x28;
    static final int DW_FORM_ADDRX1 = 0x29;
    static final int DW_FORM_ADDRX2 = 0x2a;
    static final int DW_FORM_ADDRX3 = 0x2b;
    static final int DW_FORM_ADDRX4 = 0x2c;
    static final int DW_FORM_GNU_ADDR_INDEX = 0x1f01;
    static final int DW_FORM_GNU_STR_INDEX = 0x1f02;
    static final int DW_FORM_GNU_REF_ALT = 0x1f20;
    static final int DW_FORM_GNU_STRP_ALT = 0x1f21;

    /** One decoded value: the (possibly resolved-from-indirect) form, a number, an inline string, a block. */
    record Value(int form, long number, String string, byte[] block) {
        static Value of(int form, long n) {
            return new Value(form, n, null, null);
        }
    }

    private Forms() {
    }

    /** Reads one value of {@code form}; {@code DW_FORM_implicit_const} must be handled by the caller. */
    static Value read(Cursor c, int form, int offsetSize, int addressSize, int version) {
        switch (form) {
            case DW_FORM_ADDR:
                return Value.of(form, c.unsigned(addressSize));
            case DW_FORM_DATA1, DW_FORM_REF1, DW_FORM_FLAG, DW_FORM_STRX1, DW_FORM_ADDRX1:
                return Value.of(form, c.u8());
            case DW_FORM_DATA2, DW_FORM_REF2, DW_FORM_STRX2, DW_FORM_ADDRX2:
                return Value.of(form, c.u16());
            case DW_FORM_STRX3, DW_FORM_ADDRX3:
                return Value.of(form, c.u24());
            case DW_FORM_DATA4, DW_FORM_REF4, DW_FORM_STRX4, DW_FORM_ADDRX4, DW_FORM_REF_SUP4:
                return Value.of(form, c.u32());
            case DW_FORM_DATA8, DW_FORM_REF8, DW_FORM_REF_SIG8, DW_FORM_REF_SUP8:
                return Value.of(form, c.u64());
            case DW_FORM_SDATA:
                return Value.of(form, c.sleb());
            case DW_FORM_UDATA, DW_FORM_REF_UDATA, DW_FORM_STRX, DW_FORM_ADDRX, DW_FORM_LOCLISTX,
                    DW_FORM_RNGLISTX, DW_FORM_GNU_ADDR_INDEX, DW_FORM_GNU_STR_INDEX:
                return Value.of(form, c.uleb());
            case DW_FORM_STRP, DW_FORM_LINE_STRP, DW_FORM_SEC_OFFSET, DW_FORM_STRP_SUP, DW_FORM_GNU_REF_ALT,
                    DW_FORM_GNU_STRP_ALT:
                return Value.of(form, c.unsigned(offsetSize));
            case DW_FORM_REF_ADDR:
                return Value.of(form, c.unsigned(version <= 2 ? addressSize : offsetSize));
            case DW_FORM_FLAG_PRESENT:
                return Value.of(form, 1);
            case DW_FORM_STRING:
                return new Value(form, 0, c.cstring(), null);
            case DW_FORM_DATA16:
                return new Value(form, 0, null, c.bytes(16));
            case DW_FORM_BLOCK1:
                return block(c, form, c.u8());
            case DW_FORM_BLOCK2:
                return block(c, form, c.u16());
            case DW_FORM_BLOCK4:
                return block(c, form, c.u32());
            case DW_FORM_BLOCK, DW_FORM_EXPRLOC:
                return block(c, form, c.uleb());
            case DW_FORM_INDIRECT: {
                int actual = c.ulebInt();
                if (actual == DW_FORM_INDIRECT || actual == DW_FORM_IMPLICIT_CONST) {
                    c.fail("DW_FORM_indirect names form 0x" + Integer.toHexString(actual));
                    return Value.of(form, 0);
                }
                return read(c, actual, offsetSize, addressSize, version);
            }
            default:
                c.fail("unknown attribute form 0x" + Integer.toHexString(form));
                return Value.of(form, 0);
        }
    }

    private static Value block(Cursor c, int form, long len) {
        return new Value(form, len, null, c.bytes(len));
    }

    /**
     * The bytes {@link #skip} moves over for {@code form} when that does not depend on the data, else -1 (LEB128,
     * strings, blocks and forms {@link #skip} reads).
     */
    static int fixedSize(int form, int offsetSize, int addressSize, int version) {
        return switch (form) {
            case DW_FORM_ADDR -> addressSize;
            case DW_FORM_DATA1, DW_FORM_REF1, DW_FORM_FLAG, DW_FORM_STRX1, DW_FORM_ADDRX1 -> 1;
            case DW_FORM_DATA2, DW_FORM_REF2, DW_FORM_STRX2, DW_FORM_ADDRX2 -> 2;
            case DW_FORM_STRX3, DW_FORM_ADDRX3 -> 3;
            case DW_FORM_DATA4, DW_FORM_REF4, DW_FORM_STRX4, DW_FORM_ADDRX4, DW_FORM_REF_SUP4 -> 4;
            case DW_FORM_DATA8, DW_FORM_REF8, DW_FORM_REF_SIG8, DW_FORM_REF_SUP8 -> 8;
            case DW_FORM_DATA16 -> 16;
            case DW_FORM_STRP, DW_FORM_LINE_STRP, DW_FORM_SEC_OFFSET, DW_FORM_STRP_SUP, DW_FORM_GNU_REF_ALT,
                    DW_FORM_GNU_STRP_ALT -> offsetSize;
            case DW_FORM_REF_ADDR -> version <= 2 ? addressSize : offsetSize;
            case DW_FORM_FLAG_PRESENT, DW_FORM_IMPLICIT_CONST -> 0;
            default -> -1;
        };
    }

    /** Skips one value of {@code form} without decoding it. */
    static void skip(Cursor c, int form, int offsetSize, int addressSize, int version) {
        switch (form) {
            case DW_FORM_ADDR -> c.skip(addressSize);
            case DW_FORM_DATA1, DW_FORM_REF1, DW_FORM_FLAG, DW_FORM_STRX1, DW_FORM_ADDRX1 -> c.skip(1);
            case DW_FORM_DATA2, DW_FORM_REF2, DW_FORM_STRX2, DW_FORM_ADDRX2 -> c.skip(2);
            case DW_FORM_STRX3, DW_FORM_ADDRX3 -> c.skip(3);
            case DW_FORM_DATA4, DW_FORM_REF4, DW_FORM_STRX4, DW_FORM_ADDRX4, DW_FORM_REF_SUP4 -> c.skip(4);
            case DW_FORM_DATA8, DW_FORM_REF8, DW_FORM_REF_SIG8, DW_FORM_REF_SUP8 -> c.skip(8);
            case DW_FORM_DATA16 -> c.skip(16);
            case DW_FORM_STRP, DW_FORM_LINE_STRP, DW_FORM_SEC_OFFSET, DW_FORM_STRP_SUP, DW_FORM_GNU_REF_ALT,
                    DW_FORM_GNU_STRP_ALT -> c.skip(offsetSize);
            case DW_FORM_REF_ADDR -> c.skip(version <= 2 ? addressSize : offsetSize);
            case DW_FORM_SDATA -> c.sleb();
            case DW_FORM_UDATA, DW_FORM_REF_UDATA, DW_FORM_STRX, DW_FORM_ADDRX, DW_FORM_LOCLISTX, DW_FORM_RNGLISTX,
                    DW_FORM_GNU_ADDR_INDEX, DW_FORM_GNU_STR_INDEX -> c.uleb();
            case DW_FORM_FLAG_PRESENT, DW_FORM_IMPLICIT_CONST -> {
            }
            case DW_FORM_STRING -> c.skipCString();
            case DW_FORM_BLOCK1 -> c.skip(c.u8());
            case DW_FORM_BLOCK2 -> c.skip(c.u16());
            case DW_FORM_BLOCK4 -> c.skip(c.u32());
            case DW_FORM_BLOCK, DW_FORM_EXPRLOC -> c.skip(c.uleb());
            default -> read(c, form, offsetSize, addressSize, version);
        }
    }
}
