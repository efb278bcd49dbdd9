package dev.klas.weaver;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code klas extract --kernel-tree} asks for: every unit that Kbuild compiles in a configured and prepared
 * tree.
 *
 * @param tree          the kernel source tree (also the root that file names are relative to)
 * @param modules       also the units of every module the configuration builds
 * @param under         only units whose source lies under one of these folders (relative to the tree); all when empty
 * @param makeGenerated have Kbuild make the generated files that failed units need, then extract those units again
 * @param shard         only this share of the units (--shard I/N), after the other selections
 */
public record KernelExtractRequest(Path tree, boolean modules, List<Path> under, Path database, int jobs,
                                   boolean makeGenerated, dev.klas.symbols.Shard shard) {
    public KernelExtractRequest {
        tree = tree.toAbsolutePath().normalize();
        under = List.copyOf(under);
    }
}
