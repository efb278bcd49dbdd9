package dev.klas.resolve.dwarf;

import dev.klas.resolve.elf.ElfFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The DWARF debugging information of one ELF file: line tables, units and their DIEs. Sections are read lazily
 * from the mapped file (see {@link ElfFile#contents}); every malformation raises {@link DwarfFormatException}.
 */
public final class DwarfInfo {
    private final DwarfSections sections;
    private volatile Map<Long, String> compDirs;

    private DwarfInfo(ElfFile elf) {
        this.sections = new DwarfSections(elf);
    }

    /** The DWARF of {@code elf} (which may have none: then every list is empty). */
    public static DwarfInfo of(ElfFile elf) {
        return new DwarfInfo(elf);
    }

    public ElfFile elf() {
        return sections.elf();
    }

    DwarfSections sections() {
        return sections;
    }

    /**
     * Every line-number program of {@code .debug_line}, in section order. Before DWARF 5, directory 0 is taken
     * from the {@code DW_AT_comp_dir} of the compile unit whose {@code DW_AT_stmt_list} names the program.
     */
    public List<LineTable> lineTables() {
        List<LineTable> out = new ArrayList<>();
        long size = sections.get(DwarfSections.LINE).limit();
        long off = 0;
        while (off < size) {
            LineTable t = lineTable(off);
            out.add(t);
            off = t.end();
        }
        return out;
    }

    /** The line-number program at {@code offset} of {@code .debug_line}. */
    public LineTable lineTable(long offset) {
        return LineHeader.read(sections, offset, compDirs().getOrDefault(offset, ""));
    }

    private Map<Long, String> compDirs() {
        Map<Long, String> m = compDirs;
        if (m == null) {
            m = Map.of();
            compDirs = m;
        }
        return m;
    }
}
