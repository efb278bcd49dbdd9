package dev.klas.resolve;

import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.elf.ElfSymbol;
import dev.klas.resolve.elf.Section;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Address to containing code symbol for linked files (executables, shared objects, vmlinux), as
 * {@code objdump -d} labels it and kprobes counts offsets: the nearest symbol at or before the address in the same
 * executable section. Code symbols are {@code STT_FUNC} and, for assembly such as the kernel's
 * {@code startup_64}, {@code STT_NOTYPE} symbols in executable sections ({@code .L} labels excluded); they come from
 * {@code .symtab}, else {@code .dynsym}. At one address the symbol objdump would name wins: the larger one, then
 * a function over a label, a non-local over a local, then by name.
 */
public final class FunctionSymbols {
    private static final int SHN_LORESERVE = 0xff00;
    private final long[] starts;
    private final long[] sectionEnds;
    private final ElfSymbol[] symbols;
    private final List<ElfSymbol> all;
    private volatile Map<String, Integer> nameCounts;

    private FunctionSymbols(List<ElfSymbol> sorted, long[] sectionEnds, List<ElfSymbol> all) {
        this.starts = new long[sorted.size()];
        this.symbols = sorted.toArray(new ElfSymbol[0]);
        this.sectionEnds = sectionEnds;
        this.all = all;
        for (int i = 0; i < starts.length; i++) {
            starts[i] = sorted.get(i).value();
        }
    }

    /** The code symbols of {@code elf}. */
    public static FunctionSymbols of(ElfFile elf) {
        List<ElfSymbol> syms = elf.symbols();
        if (syms.isEmpty()) {
            syms = elf.dynamicSymbols();
        }
        List<Section> sections = elf.sections();
        List<ElfSymbol> code = new ArrayList<>();
        for (ElfSymbol s : syms) {
            int shndx = s.sectionIndex();
            boolean typed = s.type() == ElfSymbol.STT_FUNC || s.type() == ElfSymbol.STT_NOTYPE;
            if (typed && shndx > 0 && shndx < SHN_LORESERVE && shndx < sections.size()
                    && sections.get(shndx).executable() && !s.name().isEmpty() && !s.name().startsWith(".L")) {
                code.add(s);
            }
        }
        code.sort(PREFERENCE);
        List<ElfSymbol> unique = new ArrayList<>();
        for (ElfSymbol s : code) {
            if (unique.isEmpty() || unique.get(unique.size() - 1).value() != s.value()) {
                unique.add(s);
            }
        }
        long[] ends = new long[unique.size()];
        for (int i = 0; i < ends.length; i++) {
            Section sec = sections.get(unique.get(i).sectionIndex());
            ends[i] = sec.address() + sec.size();
        }
        return new FunctionSymbols(unique, ends, List.copyOf(code));
    }

    /** Among symbols at one address, the one objdump names (binutils objdump.c compare_symbols) sorts first. */
    private static final Comparator<ElfSymbol> PREFERENCE = Comparator
            .comparingLong(ElfSymbol::value)
            .thenComparing(ElfSymbol::size, Comparator.reverseOrder())
            .thenComparingInt(s -> s.type() == ElfSymbol.STT_FUNC ? 0 : 1)
            .thenComparingInt(s -> s.binding() == ElfSymbol.STB_LOCAL ? 1 : 0)
            .thenComparingInt(s -> s.name().startsWith(".") ? 1 : 0)
            .thenComparing(ElfSymbol::name);

    /** The nearest code symbol at or before {@code address} in the same section, as symbol + offset. */
    public Optional<FunctionOffset> at(long address) {
        int lo = 0;
        int hi = starts.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(starts[mid], address) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0 || Long.compareUnsigned(address, sectionEnds[found]) >= 0) {
            return Optional.empty();
        }
        ElfSymbol s = symbols[found];
        return Optional.of(new FunctionOffset(s.name(), s.value(), address - s.value()));
    }

    /** The start addresses of the code symbols called {@code name} (several when a local name repeats). */
    public List<Long> addressesOf(String name) {
        List<Long> out = new ArrayList<>();
        for (ElfSymbol s : all) {
            if (s.name().equals(name)) {
                out.add(s.value());
            }
        }
        return out;
    }

    /** How many code symbols carry each name (gcc keeps a static function's name, so two files may share one). */
    public Map<String, Integer> nameCounts() {
        Map<String, Integer> counts = nameCounts;
        if (counts == null) {
            Map<String, Integer> c = new HashMap<>();
            for (ElfSymbol s : all) {
                c.merge(s.name(), 1, Integer::sum);
            }
            counts = Map.copyOf(c);
            nameCounts = counts;
        }
        return counts;
    }

    /**
     * The place {@code address} can be named by unambiguously, as a kprobe registers it: its own symbol + offset when
     * no other code symbol has that name, else the nearest preceding code symbol of the same section that has a name
     * of its own (so a loader that places sections apart, or KASLR that shifts the kernel, keeps the distance).
     * Empty when no such symbol exists.
     */
    public Optional<FunctionOffset> unambiguous(long address) {
        Optional<FunctionOffset> own = at(address);
        if (own.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Integer> counts = nameCounts();
        if (counts.get(own.get().symbol()) == 1) {
            return own;
        }
        int i = java.util.Arrays.binarySearch(starts, own.get().symbolAddress());
        for (int k = i; k >= 0; k--) {
            ElfSymbol s = symbols[k];
            if (s.sectionIndex() == symbols[i].sectionIndex() && counts.getOrDefault(s.name(), 0) == 1) {
                return Optional.of(new FunctionOffset(s.name(), s.value(), address - s.value()));
            }
        }
        return Optional.empty();
    }
}
