package dev.klas.symbols.kbuild;

import java.util.List;
import java.util.Set;

/**
 * What a Kbuild dry run ({@code make -n}) says it would do.
 *
 * @param units      the C units compiled for the kernel, in Kbuild's order, each object once
 * @param madeFiles  files other recipes write (generated headers and sources, host programs, archives), relative
 * @param asmUnits   assembler units ({@code .S}), left out
 * @param hostUnits  host-program units (no {@code -D__KERNEL__}: {@code scripts/}, generators), left out
 */
public record DryRun(List<KernelUnit> units, Set<String> madeFiles, int asmUnits, int hostUnits) {
    public DryRun {
        units = List.copyOf(units);
        madeFiles = Set.copyOf(madeFiles);
    }
}
