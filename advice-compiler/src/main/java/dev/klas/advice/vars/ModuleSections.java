package dev.klas.advice.vars;

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
 * Where a placed kernel module's ({@code .ko}, {@link dev.klas.advice.PlacedObject}) addresses are at run time. The
 * kernel's module loader puts each allocated section wherever it likes, so a variable's run-time address is the
 * run-time start of its section plus its offset there. The advice module learns a section's start at load from a
 * symbol of that section whose name no other symbol of the module has ({@code module:symbol}, looked up as kprobes
 * looks up a hook's symbol): start = symbol's address - its offset in the section. A static whose name two files
 * share is read through such an anchor, never by its own name.
 */
public final class ModuleSections {
    /** A section the advice reads from: its name, the anchor symbol and the anchor's offset in the section. */
    public record Anchor(String section, String symbol, long offset) {
    }

    /** A link-time address in a section: the section's slot in {@link #used()} and the offset in the section. */
    public record Located(int slot, long offset) {
    }

    private final List<Section> sections;
    private final Map<Integer, Optional<ElfSymbol>> anchors = new HashMap<>();
    private final List<Anchor> used = new ArrayList<>();
    private final Map<Integer, Integer> slots = new HashMap<>();

    private ModuleSections(List<Section> sections, List<ElfSymbol> symbols) {
        this.sections = sections;
        Map<String, Integer> names = new HashMap<>();
        for (ElfSymbol s : symbols) {
            if (named(s)) {
                names.merge(s.name(), 1, Integer::sum);
            }
        }
        for (Section sec : sections) {
            anchors.put(sec.index(), symbols.stream()
                    .filter(s -> named(s) && s.sectionIndex() == sec.index() && names.get(s.name()) == 1)
                    .min(Comparator.comparingLong(ElfSymbol::value).thenComparing(ElfSymbol::name)));
        }
    }

    /** The allocated sections of placed module {@code elf} (the placing's added section of callees left out). */
    public static ModuleSections of(ElfFile elf) {
        List<Section> alloc = elf.sections().stream()
                .filter(s -> (s.flags() & Section.SHF_ALLOC) != 0 && !s.name().isEmpty()).toList();
        return new ModuleSections(alloc, elf.symbols());
    }

    /** A symbol the kernel's kallsyms keeps for a module: named, defined, not a section or file symbol. */
    private static boolean named(ElfSymbol s) {
        return !s.name().isEmpty() && s.sectionIndex() != ElfSymbol.SHN_UNDEF && s.sectionIndex() < 0xff00
                && s.type() != ElfSymbol.STT_SECTION && s.type() != ElfSymbol.STT_FILE;
    }

    /** Where {@code address} is, its section taking a slot on first use; or why its run-time address is unknown. */
    public Located locate(long address) throws Unlocatable {
        Section sec = section(address).orElseThrow(() -> new Unlocatable("its link-time address 0x"
                + Long.toHexString(address) + " lies in no allocated section of the module"));
        if (sec.name().startsWith(".init.")) {
            throw new Unlocatable("it lies in " + sec.name() + ", which the kernel frees after the module's init");
        }
        if (sec.name().equals(".data..percpu")) {
            throw new Unlocatable("it is a per-CPU variable (in .data..percpu): each CPU has its own copy, at an"
                    + " offset klas does not compute");
        }
        ElfSymbol anchor = anchors.get(sec.index()).orElseThrow(() -> new Unlocatable("it lies in " + sec.name()
                + ", where no symbol has a name unique in the module, so klas cannot find the section at load"));
        int slot = slots.computeIfAbsent(sec.index(), i -> {
            used.add(new Anchor(sec.name(), anchor.name(), anchor.value() - sec.address()));
            return used.size() - 1;
        });
        return new Located(slot, address - sec.address());
    }

    /** The sections {@link #locate} has given slots, in slot order. */
    public List<Anchor> used() {
        return List.copyOf(used);
    }

    private Optional<Section> section(long address) {
        return sections.stream().filter(s -> Long.compareUnsigned(address, s.address()) >= 0
                && Long.compareUnsigned(address, s.address() + s.size()) < 0).findFirst();
    }

    /** Why an address of the module cannot be given at run time. */
    public static final class Unlocatable extends Exception {
        Unlocatable(String reason) {
            super(reason);
        }
    }
}
