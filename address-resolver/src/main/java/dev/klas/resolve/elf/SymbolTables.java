package dev.klas.resolve.elf;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code SHT_SYMTAB} and {@code SHT_DYNSYM} sections (gABI "Symbol Table"). */
final class SymbolTables {
    private static final int SYM_SIZE = 24;

    private SymbolTables() {
    }

    static List<ElfSymbol> read(ElfFile elf, int type) {
        for (Section s : elf.sections()) {
            if (s.type() == type) {
                return read(elf, s);
            }
        }
        return List.of();
    }

    static List<ElfSymbol> read(ElfFile elf, Section table) {
        if (table.type() != Section.SHT_SYMTAB && table.type() != Section.SHT_DYNSYM) {
            throw new ElfFormatException(table.label(), 0, "section type " + table.type() + " is not a symbol table");
        }
        if (table.link() <= 0 || table.link() >= elf.sections().size()) {
            throw new ElfFormatException(table.label(), 0, "sh_link " + table.link() + " names no string table");
        }
        Section strtab = elf.sections().get(table.link());
        ByteBuffer names = elf.rawData(strtab);
        Cursor n = Cursor.elf(names, strtab.label());
        Cursor c = Cursor.elf(elf.rawData(table), table.label());
        List<ElfSymbol> out = new ArrayList<>(c.remaining() / SYM_SIZE);
        while (c.remaining() >= SYM_SIZE) {
            long nameOff = c.u32();
            int info = c.u8();
            c.u8();
            int shndx = c.u16();
            long value = c.u64();
            long size = c.u64();
            n.seek(nameOff);
            String name = n.cstring();
            n.check();
            out.add(new ElfSymbol(name, value, size, info & 0xf, info >>> 4, shndx));
        }
        return out;
    }
}
