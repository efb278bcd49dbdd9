package dev.klas.resolve.elf;

/**
 * One section header (ELF gABI, "Sections"): its index, name and the raw header fields.
 *
 * @param index   position in the section header table
 * @param name    name from the section header string table
 * @param type    {@code sh_type}, e.g. {@link #SHT_PROGBITS}
 * @param flags   {@code sh_flags}, e.g. {@link #SHF_COMPRESSED}
 * @param address {@code sh_addr}
 * @param offset  {@code sh_offset} in the file
 * @param size    {@code sh_size} (for a compressed section, the compressed size)
 * @param link    {@code sh_link}
 * @param info    {@code sh_info}
 * @param align   {@code sh_addralign}
 * @param entrySize {@code sh_entsize}
 */
public record Section(int index, String name, int type, long flags, long address, long offset, long size, int link,
                      int info, long align, long entrySize) {
    public static final int SHT_NULL = 0;
    public static final int SHT_PROGBITS = 1;
    public static final int SHT_SYMTAB = 2;
    public static final int SHT_STRTAB = 3;
    public static final int SHT_RELA = 4;
    public static final int SHT_NOTE = 7;
    public static final int SHT_NOBITS = 8;
    public static final int SHT_REL = 9;
    public static final int SHT_DYNSYM = 11;
    public static final long SHF_WRITE = 0x1;
    public static final long SHF_ALLOC = 0x2;
    public static final long SHF_EXECINSTR = 0x4;
    public static final long SHF_COMPRESSED = 0x800;

    /** The name for messages: the section's name, or {@code section [N]} when it has none. */
    public String label() {
        return name.isEmpty() ? "section [" + index + "]" : name;
    }

    /** Whether the section's data is compressed ({@code SHF_COMPRESSED} or a legacy {@code .zdebug_*} name). */
    public boolean compressed() {
        return (flags & SHF_COMPRESSED) != 0 || name.startsWith(".zdebug");
    }

    /** Whether the section is loaded and executable. */
    public boolean executable() {
        return (flags & SHF_EXECINSTR) != 0;
    }

    /** Whether {@code addr} lies inside the section's loaded address range. */
    public boolean containsAddress(long addr) {
        return (flags & SHF_ALLOC) != 0 && Long.compareUnsigned(addr - address, size) < 0;
    }
}
