package dev.klas.resolve.link;

import dev.klas.resolve.elf.DynamicRelocation;
import dev.klas.resolve.elf.DynamicRelocations;
import dev.klas.resolve.elf.DynamicTags;
import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.elf.ElfSymbol;
import dev.klas.resolve.elf.RelocationTypes;
import dev.klas.resolve.elf.Section;
import dev.klas.resolve.elf.SymbolVersions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Builds a {@link LinkingReport} for an executable or shared object. */
public final class LinkingReports {
    private static final int PT_GNU_RELRO = 0x6474e552;

    private LinkingReports() {
    }

    public static LinkingReport of(ElfFile elf, SearchPath search) {
        List<DynamicRelocation> relocations = DynamicRelocations.of(elf);
        List<DynamicTags.Entry> dynamic = DynamicTags.entries(elf);
        NeededClosure closure = NeededClosure.of(elf, search);
        Map<String, Integer> counts = new TreeMap<>();
        relocations.forEach(r -> counts.merge(r.typeName(), 1, Integer::sum));
        boolean now = has(dynamic, DynamicTags.DT_BIND_NOW)
                || flag(dynamic, DynamicTags.DT_FLAGS, DynamicTags.DF_BIND_NOW)
                || flag(dynamic, DynamicTags.DT_FLAGS_1, DynamicTags.DF_1_NOW);
        boolean relro = elf.segments().stream().anyMatch(s -> s.type() == PT_GNU_RELRO);
        boolean sysv = has(dynamic, DynamicTags.DT_HASH);
        boolean gnu = has(dynamic, DynamicTags.DT_GNU_HASH);
        return new LinkingReport(TextRelocations.of(elf, relocations), copies(relocations, closure), closure, counts,
                plt(elf, dynamic, relocations), now, !relro ? "none" : now ? "full" : "partial",
                has(dynamic, DynamicTags.DT_VERSYM), SymbolVersions.of(elf),
                sysv && gnu ? "both" : gnu ? "gnu" : sysv ? "sysv" : "none");
    }

    private static boolean has(List<DynamicTags.Entry> dynamic, long tag) {
        return dynamic.stream().anyMatch(e -> e.tag() == tag);
    }

    private static boolean flag(List<DynamicTags.Entry> dynamic, long tag, long bit) {
        return DynamicTags.values(dynamic, tag).stream().anyMatch(v -> (v & bit) != 0);
    }

    /** The relocations of the section DT_JMPREL points at. */
    private static int plt(ElfFile elf, List<DynamicTags.Entry> dynamic, List<DynamicRelocation> relocations) {
        Optional<String> section = DynamicTags.values(dynamic, DynamicTags.DT_JMPREL).stream().findFirst()
                .flatMap(address -> elf.sections().stream()
                        .filter(s -> s.type() == Section.SHT_RELA && s.address() == address && s.size() > 0)
                        .map(Section::name).findFirst());
        return section.map(name -> (int) relocations.stream().filter(r -> r.section().equals(name)).count())
                .orElse(0);
    }

    private static List<CopyRelocation> copies(List<DynamicRelocation> relocations, NeededClosure closure) {
        List<CopyRelocation> out = new ArrayList<>();
        for (DynamicRelocation r : relocations) {
            if (r.type() == RelocationTypes.R_X86_64_COPY) {
                String name = r.symbol().map(ElfSymbol::name).orElse("");
                out.add(new CopyRelocation(name, r.symbol().map(ElfSymbol::size).orElse(0L), definer(name, closure)));
            }
        }
        return out;
    }

    private static Optional<Path> definer(String name, NeededClosure closure) {
        for (LoadedObject o : closure.objects().subList(Math.min(1, closure.objects().size()),
                closure.objects().size())) {
            for (ElfSymbol s : o.elf().dynamicSymbols()) {
                if (s.name().equals(name) && s.sectionIndex() != ElfSymbol.SHN_UNDEF
                        && (s.binding() == ElfSymbol.STB_GLOBAL || s.binding() == ElfSymbol.STB_WEAK)) {
                    return Optional.of(o.path());
                }
            }
        }
        return Optional.empty();
    }
}
