package dev.klas.resolve.elf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The relocations of a linked object's allocated {@code SHT_RELA} sections ({@code .rela.dyn}, {@code .rela.plt}):
 * those the dynamic linker applies at load time, in section order. A relocatable file's sections are not read.
 */
public final class DynamicRelocations {
    private DynamicRelocations() {
    }

    /** Every dynamic relocation; empty for a relocatable or statically linked file without any. */
    public static List<DynamicRelocation> of(ElfFile elf) {
        List<DynamicRelocation> out = new ArrayList<>();
        if (elf.isRelocatable()) {
            return out;
        }
        for (Section s : elf.sections()) {
            if (s.type() == Section.SHT_RELA && (s.flags() & Section.SHF_ALLOC) != 0) {
                read(elf, s, out);
            }
        }
        return out;
    }

    private static void read(ElfFile elf, Section rela, List<DynamicRelocation> out) {
        List<ElfSymbol> symbols = symbols(elf, rela);
        for (Rela r : Rela.read(elf, rela, Math.max(1, symbols.size()))) {
            Optional<ElfSymbol> symbol = r.symbol() == 0 ? Optional.empty() : Optional.of(symbols.get(r.symbol()));
            out.add(new DynamicRelocation(rela.name(), r.offset(), r.type(), symbol, r.addend()));
        }
    }

    private static List<ElfSymbol> symbols(ElfFile elf, Section rela) {
        if (rela.link() <= 0) {
            return List.of();
        }
        if (rela.link() >= elf.sections().size()) {
            throw new ElfFormatException(rela.label(), 0, "sh_link " + rela.link() + " names no symbol table");
        }
        Section table = elf.sections().get(rela.link());
        return table.type() == Section.SHT_DYNSYM ? elf.dynamicSymbols() : SymbolTables.read(elf, table);
    }
}
