package dev.klas.symbols;

import dev.klas.symbols.config.CompileCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Filters the requested units: non-C files are skipped with a message (an unreadable C file is left in and fails
 * as a unit); missing include dirs are reported once.
 */
final class Inputs {
    private Inputs() {
    }

    static List<CompileCommand> cSources(ExtractionRequest request, List<Diagnostic> warnings) {
        Map<Path, CompileCommand> unique = new LinkedHashMap<>();
        Set<Path> missingDirs = new LinkedHashSet<>();
        for (CompileCommand c : request.units()) {
            String name = c.file().getFileName().toString();
            if (!name.endsWith(".c") && !name.endsWith(".h")) {
                warnings.add(new Diagnostic(c.file().toString(), 0, "skipped: not a C source file"));
                continue;
            }
            List<Path> dirs = new ArrayList<>(c.flags().includes());
            dirs.addAll(c.flags().quoteIncludes());
            dirs.addAll(c.flags().systemIncludes());
            dirs.stream().filter(d -> !Files.isDirectory(d)).forEach(missingDirs::add);
            unique.putIfAbsent(c.file(), c);
        }
        missingDirs.forEach(d -> warnings.add(new Diagnostic(d.toString(), 0, "include directory does not exist")));
        return new ArrayList<>(unique.values());
    }
}
