package dev.klas.resolve.elf;

/**
 * One symbol table entry (ELF gABI, "Symbol Table").
 *
 * @param name         the name, e.g. {@code tcp_sendmsg} or {@code foo.constprop.0}
 * @param value        {@code st_value}: an address in executables and shared objects, a section offset in .o files
 * @param size         {@code st_size}
 * @param type         {@code ELF64_ST_TYPE}, e.g. {@link #STT_FUNC}
 * @param binding      {@code ELF64_ST_BIND}, e.g. {@link #STB_GLOBAL}
 * @param sectionIndex {@code st_shndx}
 */
public record ElfSymbol(String name, long value, long size, int type, int binding, int sectionIndex) {
    public static final int STT_NOTYPE = 0;
    public static final int STT_OBJECT = 1;
    public static final int STT_FUNC = 2;
    public static final int STT_SECTION = 3;
    public static final int STT_FILE = 4;
    public static final int STB_LOCAL = 0;
    public static final int STB_GLOBAL = 1;
    public static final int STB_WEAK = 2;
    public static final int SHN_UNDEF = 0;

    /** Whether this is a defined function. */
    public boolean isFunction() {
        return type == STT_FUNC && sectionIndex != SHN_UNDEF;
    }
}
