package dev.klas.resolve.dwarf;

import dev.klas.resolve.elf.Cursor;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A DIE's {@code DW_AT_location} (or {@code DW_AT_const_value}) read as a {@link Location}: location lists from
 * {@code .debug_loclists} (DWARF5 2.6.2, 7.29) or {@code .debug_loc} (DWARF4 2.6.2).
 */
public final class LocationLists {
    static final int DW_LLE_END_OF_LIST = 0;
    static final int DW_LLE_BASE_ADDRESSX = 1;
    static final int DW_LLE_STARTX_ENDX = 2;
    static final int DW_LLE_STARTX_LENGTH = 3;
    static final int DW_LLE_OFFSET_PAIR = 4;
    static final int DW_LLE_DEFAULT_LOCATION = 5;
    static final int DW_LLE_BASE_ADDRESS = 6;
    static final int DW_LLE_START_END = 7;
    static final int DW_LLE_START_LENGTH = 8;
    private static final int MAX_ENTRIES = 1 << 16;

    private LocationLists() {
    }

    /** The location of {@code die} (a variable or formal parameter). */
    public static Location of(Die die) {
        int form = die.form(DwAt.LOCATION);
        if (form == 0) {
            return constant(die);
        }
        Forms.Value v = die.value(DwAt.LOCATION);
        if (v.block() != null) {
            return new Location.Single(v.block().clone());
        }
        Unit u = die.unit();
        if (u.version() < 5) {
            return new Location.ListOf(readLoc(u, v.number()));
        }
        long offset = v.number();
        if (form == Forms.DW_FORM_LOCLISTX) {
            Cursor c = DwarfFormatException.cursor(u.dwarf().sections().get(DwarfSections.LOCLISTS),
                    DwarfSections.LOCLISTS);
            c.seek(u.loclistsBase() + offset * u.offsetSize());
            offset = u.loclistsBase() + c.unsigned(u.offsetSize());
            c.check();
        }
        return new Location.ListOf(readLoclists(u, offset));
    }

    private static Location constant(Die die) {
        OptionalLong n = die.number(DwAt.CONST_VALUE);
        if (n.isPresent()) {
            return new Location.Constant(n.getAsLong(), new byte[0]);
        }
        return die.block(DwAt.CONST_VALUE).<Location>map(b -> new Location.Constant(0, b))
                .orElse(new Location.None());
    }

    private static List<Location.Entry> readLoclists(Unit u, long offset) {
        Cursor c = DwarfFormatException.cursor(u.dwarf().sections().get(DwarfSections.LOCLISTS),
                DwarfSections.LOCLISTS);
        c.seek(offset);
        List<Location.Entry> out = new ArrayList<>();
        long base = u.baseAddress();
        int size = u.addressSize();
        for (int n = 0; c.hasRemaining() && n < MAX_ENTRIES; n++) {
            int kind = c.u8();
            long start;
            long end;
            switch (kind) {
                case DW_LLE_END_OF_LIST -> {
                    c.check();
                    return out;
                }
                case DW_LLE_BASE_ADDRESSX -> {
                    base = Indexed.address(u, c.uleb());
                    continue;
                }
                case DW_LLE_BASE_ADDRESS -> {
                    base = c.unsigned(size);
                    continue;
                }
                case DW_LLE_STARTX_ENDX -> {
                    start = Indexed.address(u, c.uleb());
                    end = Indexed.address(u, c.uleb());
                }
                case DW_LLE_STARTX_LENGTH -> {
                    start = Indexed.address(u, c.uleb());
                    end = start + c.uleb();
                }
                case DW_LLE_OFFSET_PAIR -> {
                    start = base + c.uleb();
                    end = base + c.uleb();
                }
                case DW_LLE_DEFAULT_LOCATION -> {
                    start = 0;
                    end = -1L;
                }
                case DW_LLE_START_END -> {
                    start = c.unsigned(size);
                    end = c.unsigned(size);
                }
                case DW_LLE_START_LENGTH -> {
                    start = c.unsigned(size);
                    end = start + c.uleb();
                }
                default -> {
                    c.fail("unknown location list entry kind " + kind);
                    c.check();
                    return out;
                }
            }
            byte[] expr = c.bytes(c.uleb());
            out.add(new Location.Entry(start, end, expr));
        }
        c.fail("location list not terminated");
        c.check();
        return out;
    }

    private static List<Location.Entry> readLoc(Unit u, long offset) {
        return Dwarf4Lists.walk(u, DwarfSections.LOC, offset, "location list",
                (start, end, c) -> new Location.Entry(start, end, c.bytes(c.u16())));
    }
}
