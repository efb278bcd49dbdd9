package dev.klas.resolve.dwarf;

import dev.klas.resolve.elf.Cursor;
import dev.klas.resolve.elf.ElfFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The DWARF debugging information of one ELF file: line tables, units and their DIEs, address ranges. Sections
 * are read lazily from the mapped file (see {@link ElfFile#contents}); every malformation raises
 * {@link DwarfFormatException}.
 */
public final class DwarfInfo {
    private final DwarfSections sections;
    private final Map<Long, Map<Long, Abbrev>> abbrevTables = new ConcurrentHashMap<>();
    private List<Unit> units;
    private Map<Long, String> compDirs;
    private List<Aranges.Entry> aranges;
    private AddressIntervals arangeIndex;
    private int[] wrappingAranges;

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

    Map<Long, Abbrev> abbrevTable(long offset) {
        return abbrevTables.computeIfAbsent(offset, o -> Abbrev.readTable(sections, o));
    }

    /** The units of {@code .debug_info} in section order (headers only; DIEs are read on demand). */
    public synchronized List<Unit> units() {
        if (units == null) {
            Cursor c = DwarfFormatException.cursor(sections.get(DwarfSections.INFO), DwarfSections.INFO);
            List<Unit> out = new ArrayList<>();
            long off = 0;
            while (off < c.limit()) {
                Unit u = Unit.read(this, c, off);
                out.add(u);
                off = u.end();
            }
            units = List.copyOf(out);
        }
        return units;
    }

    /** The unit whose extent contains {@code offset} of {@code .debug_info}. */
    public Optional<Unit> unitAt(long offset) {
        List<Unit> us = units();
        int lo = 0;
        int hi = us.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Unit u = us.get(mid);
            if (offset < u.offset()) {
                hi = mid - 1;
            } else if (offset >= u.end()) {
                lo = mid + 1;
            } else {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }

    /** The DIE starting at {@code offset} of {@code .debug_info}. */
    public Optional<Die> dieAt(long offset) {
        return unitAt(offset).flatMap(u -> u.dieAt(offset));
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

    /** The size of {@code .debug_line} in bytes (after decompression), 0 when absent. */
    public long lineSectionSize() {
        return sections.get(DwarfSections.LINE).limit();
    }

    /** The line-number program at {@code offset} of {@code .debug_line}. */
    public LineTable lineTable(long offset) {
        return LineHeader.read(sections, offset, off -> compDirs().getOrDefault(off, ""));
    }

    /** The compilation directory of the unit whose line program is at {@code lineOffset}, if known. */
    public Optional<String> compDirOfLineTable(long lineOffset) {
        return Optional.ofNullable(compDirs().get(lineOffset));
    }

    private synchronized Map<Long, String> compDirs() {
        if (compDirs == null) {
            Map<Long, String> m = new HashMap<>();
            for (Unit u : units()) {
                u.stmtList().ifPresent(off -> m.putIfAbsent(off, u.compDir().orElse("")));
            }
            compDirs = m;
        }
        return compDirs;
    }

    /**
     * The distinct layouts of the struct or union called {@code name} (a tag name, or a typedef naming one), over
     * every unit; declarations without members are skipped. More than one entry means the name has several
     * definitions in the program and the caller must not guess.
     */
    public List<StructLayout> structLayouts(String name) {
        return structLayouts(List.of(name)).get(name);
    }

    /** {@link #structLayouts(String)} for several names in one pass over the units. */
    public Map<String, List<StructLayout>> structLayouts(java.util.Collection<String> names) {
        return structLayouts(names, units());
    }

    /** {@link #structLayouts(String)} looking only in {@code units} (e.g. the unit that covers an address). */
    public List<StructLayout> structLayouts(String name, List<Unit> units) {
        return structLayouts(List.of(name), units).get(name);
    }

    private Map<String, List<StructLayout>> structLayouts(java.util.Collection<String> names, List<Unit> units) {
        Map<String, Map<String, StructLayout>> distinct = new HashMap<>();
        for (String n : names) {
            distinct.put(n, new java.util.LinkedHashMap<>());
        }
        for (Unit u : units) {
            List<Long> candidates = new ArrayList<>();
            DieReader.scanNames(u, tag -> tag == DwTag.STRUCTURE_TYPE || tag == DwTag.UNION_TYPE
                    || tag == DwTag.TYPEDEF, (offset, tag, name) -> {
                        if (distinct.containsKey(name)) {
                            candidates.add(offset);
                        }
                    });
            for (long offset : candidates) {
                Optional<Die> found = u.dieAt(offset);
                if (found.isEmpty() || found.get().has(DwAt.DECLARATION)) {
                    continue;
                }
                Die d = found.get();
                int tag = d.tag();
                Optional<String> n = d.name();
                Die t = tag == DwTag.TYPEDEF ? Layouts.strip(d, 0) : d;
                if (Layouts.isAggregate(t) && !t.has(DwAt.DECLARATION)) {
                    StructLayout l = Layouts.layout(t);
                    distinct.get(n.get()).putIfAbsent(Layouts.signature(l), l);
                }
            }
        }
        Map<String, List<StructLayout>> out = new HashMap<>();
        distinct.forEach((k, v) -> out.put(k, List.copyOf(v.values())));
        return out;
    }

    /** {@code .debug_aranges} (DWARF5 6.1.2): address ranges with the offset of the unit covering them. */
    public synchronized List<Aranges.Entry> aranges() {
        if (aranges == null) {
            aranges = List.copyOf(Aranges.read(sections));
        }
        return aranges;
    }

    /**
     * The entries of {@link #aranges()} that contain {@code address} ({@code address - start < length}, unsigned),
     * in the order of {@link #aranges()}; by binary search over an index built on first use.
     */
    public List<Aranges.Entry> arangesAt(long address) {
        List<Aranges.Entry> all = aranges();
        AddressIntervals index;
        int[] wrapping;
        synchronized (this) {
            if (arangeIndex == null) {
                long[] starts = new long[all.size()];
                long[] ends = new long[all.size()];
                int[] wraps = new int[all.size()];
                int w = 0;
                for (int i = 0; i < all.size(); i++) {
                    Aranges.Entry e = all.get(i);
                    long end = e.start() + e.length();
                    if (e.length() != 0 && Long.compareUnsigned(end, e.start()) <= 0) {
                        wraps[w++] = i;
                    } else {
                        starts[i] = e.start();
                        ends[i] = end;
                    }
                }
                wrappingAranges = Arrays.copyOf(wraps, w);
                arangeIndex = new AddressIntervals(starts, ends);
            }
            index = arangeIndex;
            wrapping = wrappingAranges;
        }
        int[] hits = index.at(address);
        if (wrapping.length == 0) {
            if (hits.length == 1) {
                return List.of(all.get(hits[0]));
            }
            List<Aranges.Entry> out = new ArrayList<>(hits.length);
            for (int i : hits) {
                out.add(all.get(i));
            }
            return out;
        }
        TreeSet<Integer> ordered = new TreeSet<>();
        for (int i : hits) {
            ordered.add(i);
        }
        for (int i : wrapping) {
            Aranges.Entry e = all.get(i);
            if (Long.compareUnsigned(address - e.start(), e.length()) < 0) {
                ordered.add(i);
            }
        }
        List<Aranges.Entry> out = new ArrayList<>(ordered.size());
        ordered.forEach(i -> out.add(all.get(i)));
        return out;
    }
}
