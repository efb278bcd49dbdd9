package dev.klas.resolve.elf;

import java.util.Optional;

/**
 * One relocation of a linked (executable or shared) object, as the dynamic linker applies it (gABI "Relocation";
 * x86-64 psABI 4.4.1).
 *
 * @param section the {@code SHT_RELA} section holding it, e.g. {@code .rela.dyn} or {@code .rela.plt}
 * @param offset  {@code r_offset}: the virtual address of the place
 * @param type    {@code ELF64_R_TYPE}, e.g. {@link RelocationTypes#R_X86_64_COPY}
 * @param symbol  the {@code .dynsym} entry {@code ELF64_R_SYM} names; empty for symbol index 0
 * @param addend  {@code r_addend}
 */
public record DynamicRelocation(String section, long offset, int type, Optional<ElfSymbol> symbol, long addend) {

    /** The type's psABI name, as readelf spells it ({@code R_X86_64_GLOB_DAT}). */
    public String typeName() {
        return RelocationTypes.name(type);
    }

    /** The bytes the dynamic linker writes at {@link #offset()}: 4 for the 32-bit types, 8 otherwise. */
    public int width() {
        return RelocationTypes.width(type);
    }
}
