package dev.klas.resolve.dwarf;

import dev.klas.resolve.elf.Cursor;

/**
 * A unit's initial length (DWARF5 7.4, 7.5.1.1): 4 bytes in the 32-bit format, 0xffffffff and 8 bytes in the
 * 64-bit format, which also makes section offsets 8 bytes wide.
 */
record UnitLength(long length, int offsetSize) {
    static UnitLength read(Cursor c) {
        long len = c.u32();
        int size = 4;
        if (len == 0xffffffffL) {
            len = c.u64();
            size = 8;
        } else if (len >= 0xfffffff0L) {
            c.fail("reserved unit length 0x" + Long.toHexString(len));
            return new UnitLength(0, 4);
        }
        if (len < 0 || len > c.remaining()) {
            c.fail("unit length 0x" + Long.toHexString(len) + " runs past the end of the section");
            return new UnitLength(0, size);
        }
        return new UnitLength(len, size);
    }
}
