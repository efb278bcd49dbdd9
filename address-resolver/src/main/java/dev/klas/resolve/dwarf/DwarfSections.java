package dev.klas.resolve.dwarf;

import dev.klas.resolve.elf.ElfFile;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The debug sections of one ELF file, loaded on first use (decompressed, relocated: see ElfFile.contents). */
final class DwarfSections {
    static final String INFO = ".debug_info";
    static final String ABBREV = ".debug_abbrev";
    static final String LINE = ".debug_line";
    static final String LINE_STR = ".debug_line_str";
    static final String STR = ".debug_str";
    static final String STR_OFFSETS = ".debug_str_offsets";
    static final String ADDR = ".debug_addr";
    static final String RANGES = ".debug_ranges";
    static final String RNGLISTS = ".debug_rnglists";
    static final String ARANGES = ".debug_aranges";
    static final String TYPES = ".debug_types";
    static final String LOC = ".debug_loc";
    static final String LOCLISTS = ".debug_loclists";

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private final ElfFile elf;
    private final Map<String, ByteBuffer> loaded = new ConcurrentHashMap<>();
    private final Map<Long, String> lineStrings = new ConcurrentHashMap<>();

    DwarfSections(ElfFile elf) {
        this.elf = elf;
    }

    ElfFile elf() {
        return elf;
    }

    /** The section's contents, empty when absent. */
    ByteBuffer get(String name) {
        return loaded.computeIfAbsent(name, n -> elf.contents(n).orElse(EMPTY)).duplicate();
    }

    /** A NUL-terminated string at {@code offset} of a string section (line_str strings are cached). */
    String string(String section, long offset) {
        if (section.equals(LINE_STR)) {
            String s = lineStrings.get(offset);
            if (s == null) {
                s = read(section, offset);
                lineStrings.put(offset, s);
            }
            return s;
        }
        return read(section, offset);
    }

    private String read(String section, long offset) {
        var c = DwarfFormatException.cursor(get(section), section);
        c.seek(offset);
        String s = c.cstring();
        c.check();
        return s;
    }
}
