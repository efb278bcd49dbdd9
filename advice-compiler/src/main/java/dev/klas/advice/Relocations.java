package dev.klas.advice;

import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.elf.ElfSymbol;
import dev.klas.resolve.elf.Section;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code SHT_RELA} entries that patch one section of a relocatable file (ELF gABI "Relocation"; x86-64 psABI
 * 4.4.1 for the types and widths).
 */
public final class Relocations {
    /** One entry: the patched field at {@code offset} in the section, {@code width} bytes, and its symbol. */
    public record Entry(long offset, int type, int width, ElfSymbol symbol, long addend) {
    }

    private Relocations() {
    }

    public static List<Entry> of(ElfFile elf, Section target) {
        List<Entry> out = new ArrayList<>();
        if (!elf.isRelocatable()) {
            return out;
        }
        List<ElfSymbol> syms = elf.symbols();
        for (Section rela : elf.sections()) {
            if (rela.type() != Section.SHT_RELA || rela.info() != target.index()) {
                continue;
            }
            ByteBuffer b = elf.rawData(rela);
            for (int at = 0; at + 24 <= b.limit(); at += 24) {
                long info = b.getLong(at + 8);
                int sym = (int) (info >>> 32);
                int type = (int) info;
                if (sym >= syms.size()) {
                    throw new IllegalArgumentException(rela.name() + "+0x" + Integer.toHexString(at)
                            + ": symbol index " + sym + " out of range");
                }
                out.add(new Entry(b.getLong(at), type, width(type), syms.get(sym), b.getLong(at + 16)));
            }
        }
        return out;
    }

    /** Bytes a relocation type writes: 8 for the 64-bit types (1, 24, 33), 0 for NONE, else 4. */
    static int width(int type) {
        return switch (type) {
            case 0 -> 0;
            case 1, 24, 33, 17 -> 8;
            default -> 4;
        };
    }
}
