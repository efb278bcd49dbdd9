package dev.klas.resolve.dwarf;

import dev.klas.resolve.elf.Cursor;

/** Index resolution through {@code .debug_str_offsets} (DWARF5 7.26) and {@code .debug_addr} (DWARF5 7.27). */
final class Indexed {
    private Indexed() {
    }

    static long strOffset(Unit u, long index) {
        Cursor c = DwarfFormatException.cursor(u.dwarf().sections().get(DwarfSections.STR_OFFSETS),
                DwarfSections.STR_OFFSETS);
        c.seek(u.strOffsetsBase() + index * u.offsetSize());
        long v = c.unsigned(u.offsetSize());
        c.check();
        return v;
    }

    static long address(Unit u, long index) {
        Cursor c = DwarfFormatException.cursor(u.dwarf().sections().get(DwarfSections.ADDR), DwarfSections.ADDR);
        c.seek(u.addrBase() + index * u.addressSize());
        long v = c.unsigned(u.addressSize());
        c.check();
        return v;
    }
}
