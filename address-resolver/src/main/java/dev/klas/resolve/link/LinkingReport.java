package dev.klas.resolve.link;

import dev.klas.resolve.elf.SymbolVersions;
import java.util.List;
import java.util.Map;

/**
 * What dynamic linking costs a program or library (after the Solaris "Linker and Libraries Guide", *Performance
 * Considerations*), every figure read from the file and the objects it needs.
 *
 * @param textRelocations relocations into read-only segments
 * @param copyRelocations {@code R_X86_64_COPY} relocations
 * @param closure         the DT_NEEDED closure as ld.so finds it
 * @param relocations     dynamic relocations per type name ({@code R_X86_64_RELATIVE}), sorted by name
 * @param pltEntries      relocations of the DT_JMPREL table ({@code .rela.plt}): the PLT slots bound lazily unless
 *                        {@code bindNow}
 * @param bindNow         DT_BIND_NOW, DF_BIND_NOW in DT_FLAGS or DF_1_NOW in DT_FLAGS_1
 * @param relro           {@code none} (no PT_GNU_RELRO), {@code partial}, or {@code full} (with {@code bindNow})
 * @param versym          whether DT_VERSYM is present
 * @param versions        the needed (DT_VERNEED) and defined (DT_VERDEF) versions
 * @param hashStyle       {@code sysv} (DT_HASH), {@code gnu} (DT_GNU_HASH), {@code both} or {@code none}
 */
public record LinkingReport(TextRelocations textRelocations, List<CopyRelocation> copyRelocations,
                           NeededClosure closure, Map<String, Integer> relocations, int pltEntries, boolean bindNow,
                           String relro, boolean versym, SymbolVersions versions, String hashStyle) {

    /** The count of one relocation type, 0 when absent. */
    public int count(String typeName) {
        return relocations.getOrDefault(typeName, 0);
    }

    /** Relocations of the types other than RELATIVE, GLOB_DAT and JUMP_SLOT. */
    public int others() {
        return relocations.entrySet().stream().filter(e -> !List.of("R_X86_64_RELATIVE", "R_X86_64_GLOB_DAT",
                "R_X86_64_JUMP_SLOT").contains(e.getKey())).mapToInt(Map.Entry::getValue).sum();
    }
}
