package dev.klas.resolve;

import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.elf.ElfSymbol;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Address to containing function symbol ({@code STT_FUNC} of {@code .symtab}, else {@code .dynsym}) for linked
 * files (executables, shared objects, vmlinux). When several symbols start at one address a global one is
 * preferred, then a weak one, then the first in table order.
 */
public final class FunctionSymbols {
    private final long[] starts;
    private final ElfSymbol[] symbols;

    private FunctionSymbols(List<ElfSymbol> sorted) {
        this.starts = new long[sorted.size()];
        this.symbols = sorted.toArray(new ElfSymbol[0]);
        for (int i = 0; i < starts.length; i++) {
            starts[i] = sorted.get(i).value();
        }
    }

    /** The function symbols of {@code elf}. */
    public static FunctionSymbols of(ElfFile elf) {
        List<ElfSymbol> syms = elf.symbols();
        if (syms.isEmpty()) {
            syms = elf.dynamicSymbols();
        }
        List<ElfSymbol> funcs = new ArrayList<>();
        for (ElfSymbol s : syms) {
            if (s.isFunction()) {
                funcs.add(s);
            }
        }
        funcs.sort(Comparator.comparingLong(ElfSymbol::value).thenComparingInt(FunctionSymbols::rank));
        List<ElfSymbol> unique = new ArrayList<>();
        for (ElfSymbol s : funcs) {
            if (unique.isEmpty() || unique.get(unique.size() - 1).value() != s.value()) {
                unique.add(s);
            }
        }
        return new FunctionSymbols(unique);
    }

    private static int rank(ElfSymbol s) {
        return switch (s.binding()) {
            case ElfSymbol.STB_GLOBAL -> 0;
            case ElfSymbol.STB_WEAK -> 1;
            default -> 2;
        };
    }

    /** The function whose [value, value + size) contains {@code address}, as symbol + offset. */
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
        if (found < 0) {
            return Optional.empty();
        }
        ElfSymbol s = symbols[found];
        long off = address - s.value();
        if (off == 0 || Long.compareUnsigned(off, s.size()) < 0) {
            return Optional.of(new FunctionOffset(s.name(), s.value(), off));
        }
        return Optional.empty();
    }

    /** The start address of the function symbol called {@code name} (all of them when a name repeats). */
    public List<Long> addressesOf(String name) {
        List<Long> out = new ArrayList<>();
        for (ElfSymbol s : symbols) {
            if (s.name().equals(name)) {
                out.add(s.value());
            }
        }
        return out;
    }
}
