package dev.klas.resolve.link;

import dev.klas.resolve.elf.DynamicRelocation;
import dev.klas.resolve.elf.DynamicTags;
import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.elf.ElfSymbol;
import dev.klas.resolve.elf.Section;
import dev.klas.resolve.elf.Segment;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Relocations whose place lies in a loaded segment without PF_W: the dynamic linker makes those pages writable,
 * so each process gets private copies of them ({@code privatePages}: the distinct 4 KiB pages the relocated bytes
 * cover).
 *
 * @param flagged  whether DT_TEXTREL or DF_TEXTREL says so
 * @param count    how many relocations write into read-only segments
 * @param sections relocations per section of the place
 * @param symbols  the symbols they name, sorted, without duplicates
 */
public record TextRelocations(boolean flagged, int count, Map<String, Integer> sections, List<String> symbols,
                              int privatePages) {
    public static final long PAGE = 4096;

    static TextRelocations of(ElfFile elf, List<DynamicRelocation> relocations) {
        Map<String, Integer> sections = new TreeMap<>();
        TreeSet<String> symbols = new TreeSet<>();
        TreeSet<Long> pages = new TreeSet<>();
        int count = 0;
        for (DynamicRelocation r : relocations) {
            if (!readOnly(elf, r.offset())) {
                continue;
            }
            count++;
            sections.merge(elf.sectionAt(r.offset()).map(Section::name).orElse("(no section)"), 1, Integer::sum);
            r.symbol().map(ElfSymbol::name).filter(n -> !n.isEmpty()).ifPresent(symbols::add);
            pages.add(Long.divideUnsigned(r.offset(), PAGE));
            pages.add(Long.divideUnsigned(r.offset() + r.width() - 1, PAGE));
        }
        return new TextRelocations(DynamicTags.hasTextRelocations(elf), count, sections, List.copyOf(symbols),
                pages.size());
    }

    private static boolean readOnly(ElfFile elf, long address) {
        for (Segment s : elf.segments()) {
            if (s.type() == Segment.PT_LOAD && Long.compareUnsigned(address - s.virtualAddress(), s.memorySize()) < 0) {
                return (s.flags() & Segment.PF_W) == 0;
            }
        }
        return false;
    }
}
