package dev.klas.symbols.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the compiler adds on its own: predefined macros (including the {@code __has_attribute} and
 * {@code __has_builtin} emulation) and its default system include directories.
 */
public record CompilerFacts(Map<String, String> macros, List<Path> systemIncludes) {
    public CompilerFacts {
        macros = Map.copyOf(macros);
        systemIncludes = List.copyOf(systemIncludes);
    }
}
