package dev.klas.resolve.elf;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Reads the section header table, including extended numbering (gABI: SHN_XINDEX, sh_size/sh_link of entry 0). */
final class SectionTable {
    private static final String TABLE = "section headers";
    private static final int SHDR_SIZE = 64;
    private static final int SHN_XINDEX = 0xffff;
    private final ByteBuffer map;
    private final long shoff;
    private final int shentsize;
    private final int shnum;
    private final int shstrndx;

    SectionTable(ByteBuffer map, long shoff, int shentsize, int shnum, int shstrndx) {
        this.map = map;
        this.shoff = shoff;
        this.shentsize = shentsize;
        this.shnum = shnum;
        this.shstrndx = shstrndx;
    }

    List<Section> read() {
        if (shoff == 0) {
            return List.of();
        }
        if (shentsize < SHDR_SIZE) {
            throw new ElfFormatException(ElfFile.HEADER, 58, "section header size " + shentsize + " < " + SHDR_SIZE);
        }
        if (shoff < 0 || shoff > map.limit() - SHDR_SIZE) {
            throw new ElfFormatException(ElfFile.HEADER, 40, "section headers at 0x" + Long.toHexString(shoff)
                    + " lie outside the file");
        }
        Cursor c = Cursor.elf(map, TABLE);
        long count = shnum;
        long strndx = shstrndx;
        if (shnum == 0 || shstrndx == SHN_XINDEX) {
            c.seek(shoff + 32);
            long size0 = c.u64();
            long link0 = c.u32();
            count = shnum == 0 ? size0 : shnum;
            strndx = shstrndx == SHN_XINDEX ? link0 : shstrndx;
        }
        if (count > (map.limit() - shoff) / shentsize) {
            throw new ElfFormatException(TABLE, 0, count + " section headers do not fit in the file");
        }
        long[][] raw = new long[(int) count][];
        for (int i = 0; i < count; i++) {
            c.seek(shoff + (long) i * shentsize);
            raw[i] = new long[] {c.u32(), c.u32(), c.u64(), c.u64(), c.u64(), c.u64(), c.u32(), c.u32(), c.u64(),
                c.u64()};
        }
        c.check();
        ByteBuffer names = ByteBuffer.allocate(0);
        if (strndx > 0 && strndx < count) {
            long[] h = raw[(int) strndx];
            if (h[4] < 0 || h[5] < 0 || h[4] > map.limit() || h[5] > map.limit() - h[4]) {
                throw new ElfFormatException(TABLE, strndx * shentsize, "section name table lies outside the file");
            }
            names = map.slice((int) h[4], (int) h[5]);
        }
        List<Section> out = new ArrayList<>((int) count);
        Cursor n = Cursor.elf(names, "section name table");
        for (int i = 0; i < count; i++) {
            long[] h = raw[i];
            String name = "";
            if (names.limit() > 0) {
                n.seek(h[0]);
                name = n.cstring();
                n.check();
            }
            out.add(new Section(i, name, (int) h[1], h[2], h[3], h[4], h[5], (int) h[6], (int) h[7], h[8], h[9]));
        }
        return List.copyOf(out);
    }
}
