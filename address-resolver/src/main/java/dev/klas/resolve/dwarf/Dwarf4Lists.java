package dev.klas.resolve.dwarf;

import dev.klas.resolve.elf.Cursor;
import java.util.ArrayList;
import java.util.List;

/**
 * The DWARF 4 list walk shared by {@code .debug_loc} (2.6.2) and {@code .debug_ranges} (2.17.3): pairs of addresses
 * relative to a base, a pair whose first address is all ones selects a new base, a pair of zeros ends the list.
 */
final class Dwarf4Lists {
    private static final int MAX_ENTRIES = 1 << 20;

    /** Makes one list entry from a pair of absolute addresses; reads whatever follows the pair in the section. */
    interface Entry<T> {
        T read(long start, long end, Cursor c);
    }

    private Dwarf4Lists() {
    }

    static <T> List<T> walk(Unit u, String section, long offset, String what, Entry<T> entry) {
        Cursor c = DwarfFormatException.cursor(u.dwarf().sections().get(section), section);
        c.seek(offset);
        List<T> out = new ArrayList<>();
        long base = u.baseAddress();
        int size = u.addressSize();
        long max = size == 8 ? -1L : 0xffffffffL;
        for (int n = 0; c.hasRemaining() && n < MAX_ENTRIES; n++) {
            long s = c.unsigned(size);
            long e = c.unsigned(size);
            if (s == 0 && e == 0) {
                c.check();
                return out;
            }
            if (s == max) {
                base = e;
            } else {
                out.add(entry.read(base + s, base + e, c));
            }
        }
        c.fail(what + " not terminated");
        c.check();
        return out;
    }
}
