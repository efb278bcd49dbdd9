package dev.klas.resolve.dwarf;

import dev.klas.resolve.elf.Cursor;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code .debug_aranges} (DWARF5 6.1.2, 7.21): per unit, a header and (address, length) tuples. */
public final class Aranges {
    /** One address range and the {@code .debug_info} offset of the unit it belongs to. */
    public record Entry(long start, long length, long unitOffset) {
    }

    private Aranges() {
    }

    static List<Entry> read(DwarfSections sections) {
        Cursor c = DwarfFormatException.cursor(sections.get(DwarfSections.ARANGES), DwarfSections.ARANGES);
        List<Entry> out = new ArrayList<>();
        while (c.hasRemaining()) {
            long setStart = c.position();
            UnitLength len = UnitLength.read(c);
            long end = c.position() + len.length();
            int version = c.u16();
            long unit = c.unsigned(len.offsetSize());
            int addressSize = c.u8();
            int segSize = c.u8();
            c.check();
            if (version != 2 || (addressSize != 8 && addressSize != 4) || segSize != 0) {
                throw new DwarfFormatException(DwarfSections.ARANGES, setStart, "aranges version " + version
                        + ", address size " + addressSize + ", segment size " + segSize + " not supported");
            }
            int tuple = 2 * addressSize;
            long pad = (tuple - (c.position() - setStart) % tuple) % tuple;
            c.skip(pad);
            while (c.position() + tuple <= end && !c.failed()) {
                long start = c.unsigned(addressSize);
                long length = c.unsigned(addressSize);
                if (start == 0 && length == 0) {
                    break;
                }
                out.add(new Entry(start, length, unit));
            }
            c.check();
            c.seek(end);
        }
        c.check();
        return out;
    }
}
