package dev.klas.resolve.elf;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code Elf64_Rela} entry of a {@code SHT_RELA} section, as both the relocator of relocatable files and the
 * dynamic-relocation reader see it.
 *
 * @param at     the entry's offset in its section (for error positions)
 * @param offset {@code r_offset}
 * @param type   the low 32 bits of {@code r_info}
 * @param symbol the high 32 bits of {@code r_info}: an index into the section's linked symbol table
 * @param addend {@code r_addend}
 */
record Rela(int at, long offset, int type, int symbol, long addend) {
    private static final int SIZE = 24;

    /**
     * The entries of {@code rela}, each symbol index checked against {@code symbols}, the number of entries of the
     * linked symbol table.
     */
    static List<Rela> read(ElfFile elf, Section rela, int symbols) {
        List<Rela> out = new ArrayList<>();
        Cursor c = Cursor.elf(elf.rawData(rela), rela.label());
        while (c.remaining() >= SIZE) {
            int at = c.position();
            long offset = c.u64();
            long info = c.u64();
            long addend = c.u64();
            long index = info >>> 32;
            if (index >= symbols) {
                throw new ElfFormatException(rela.label(), at, "symbol index " + index + " out of range");
            }
            out.add(new Rela(at, offset, (int) info, (int) index, addend));
        }
        return out;
    }
}
