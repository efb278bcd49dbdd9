package dev.klas.weaver;

import dev.klas.symbols.ExtractionRequest;
import dev.klas.symbols.SymbolTable;
import dev.klas.symbols.SymbolTableException;
import dev.klas.symbols.config.CompileCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The folders the advice's {@code <include>}s are looked for in, in order: the user's {@code --include-dir}s, the
 * folder of each aspect file, the symbol table's source root, and the {@code -I} folders of the compile commands
 * (so {@code "dtc.h"} and {@code <libfdt.h>} of the program's own tree work as they do for its units).
 */
final class AdviceIncludes {
    private AdviceIncludes() {
    }

    /**
     * For a kernel module: the user's folders and the aspect files' folders only; the kernel's own headers come from
     * Kbuild, and a kernel tree's compile commands name the headers of another configuration.
     */
    static List<Path> kernelDirs(WeaveRequest request) {
        return existing(given(request));
    }

    static List<Path> dirs(WeaveRequest request, Path db) {
        Set<Path> out = given(request);
        if (Files.isRegularFile(db)) {
            try (SymbolTable table = SymbolTable.open(db)) {
                table.root().ifPresent(out::add);
            } catch (SymbolTableException e) {
                // the weave reports an unreadable table where it opens it for matching
            }
        }
        if (request.compileCommands().isPresent()) {
            try {
                for (CompileCommand c : ExtractionRequest.fromCompileCommands(request.compileCommands().get(),
                        List.of())) {
                    c.flags().includes().forEach(d -> out.add(d.toAbsolutePath().normalize()));
                }
            } catch (IOException e) {
                // extraction reports an unreadable compile_commands.json
            }
        }
        return existing(out);
    }

    /** The user's folders, then each aspect file's folder. */
    private static Set<Path> given(WeaveRequest request) {
        Set<Path> out = new LinkedHashSet<>();
        request.includeDirs().forEach(d -> out.add(d.toAbsolutePath().normalize()));
        request.aspects().forEach(a -> out.add(a.toAbsolutePath().normalize().getParent()));
        return out;
    }

    private static List<Path> existing(Set<Path> dirs) {
        dirs.removeIf(d -> d == null || !Files.isDirectory(d));
        return List.copyOf(dirs);
    }
}
