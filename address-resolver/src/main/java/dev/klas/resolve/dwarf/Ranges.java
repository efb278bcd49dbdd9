package dev.klas.resolve.dwarf;

import dev.klas.resolve.elf.Cursor;
import java.util.ArrayList;
import java.util.List;

/** Range lists: {@code .debug_rnglists} (DWARF5 2.17.3, 7.25) and {@code .debug_ranges} (DWARF4 2.17.3). */
final class Ranges {
    static final int DW_RLE_END_OF_LIST = 0;
    static final int DW_RLE_BASE_ADDRESSX = 1;
    static final int DW_RLE_STARTX_ENDX = 2;
    static final int DW_RLE_STARTX_LENGTH = 3;
    static final int DW_RLE_OFFSET_PAIR = 4;
    static final int DW_RLE_BASE_ADDRESS = 5;
    static final int DW_RLE_START_END = 6;
    static final int DW_RLE_START_LENGTH = 7;
    private static final int MAX_ENTRIES = 1 << 20;

    private Ranges() {
    }

    static List<AddressRange> read(Unit u, int form, long value) {
        if (u.version() < 5) {
            return readRanges(u, value);
        }
        long offset = value;
        if (form == Forms.DW_FORM_RNGLISTX) {
            Cursor c = DwarfFormatException.cursor(u.dwarf().sections().get(DwarfSections.RNGLISTS),
                    DwarfSections.RNGLISTS);
            c.seek(u.rnglistsBase() + value * u.offsetSize());
            offset = u.rnglistsBase() + c.unsigned(u.offsetSize());
            c.check();
        }
        return readRnglists(u, offset);
    }

    private static List<AddressRange> readRnglists(Unit u, long offset) {
        Cursor c = DwarfFormatException.cursor(u.dwarf().sections().get(DwarfSections.RNGLISTS),
                DwarfSections.RNGLISTS);
        c.seek(offset);
        List<AddressRange> out = new ArrayList<>();
        long base = u.baseAddress();
        int size = u.addressSize();
        for (int n = 0; c.hasRemaining() && n < MAX_ENTRIES; n++) {
            int kind = c.u8();
            switch (kind) {
                case DW_RLE_END_OF_LIST -> {
                    c.check();
                    return out;
                }
                case DW_RLE_BASE_ADDRESSX -> base = Indexed.address(u, c.uleb());
                case DW_RLE_STARTX_ENDX -> {
                    long s = Indexed.address(u, c.uleb());
                    out.add(new AddressRange(s, Indexed.address(u, c.uleb())));
                }
                case DW_RLE_STARTX_LENGTH -> {
                    long s = Indexed.address(u, c.uleb());
                    out.add(new AddressRange(s, s + c.uleb()));
                }
                case DW_RLE_OFFSET_PAIR -> {
                    long s = c.uleb();
                    out.add(new AddressRange(base + s, base + c.uleb()));
                }
                case DW_RLE_BASE_ADDRESS -> base = c.unsigned(size);
                case DW_RLE_START_END -> {
                    long s = c.unsigned(size);
                    out.add(new AddressRange(s, c.unsigned(size)));
                }
                case DW_RLE_START_LENGTH -> {
                    long s = c.unsigned(size);
                    out.add(new AddressRange(s, s + c.uleb()));
                }
                default -> c.fail("unknown range list entry kind " + kind);
            }
        }
        c.fail("range list not terminated");
        c.check();
        return out;
    }

    private static List<AddressRange> readRanges(Unit u, long offset) {
        return Dwarf4Lists.walk(u, DwarfSections.RANGES, offset, "range list",
                (start, end, c) -> new AddressRange(start, end));
    }
}
