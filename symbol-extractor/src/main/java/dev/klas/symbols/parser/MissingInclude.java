package dev.klas.symbols.parser;

import java.nio.file.Path;
import java.util.List;

/**
 * An {@code #include} the parser found no file for.
 *
 * @param name       the name as written
 * @param file       the including file, relative to the root
 * @param line       its line there
 * @param candidates where the compiler would have looked, in its order (absolute)
 */
public record MissingInclude(String name, String file, int line, List<Path> candidates) {
    public MissingInclude {
        candidates = List.copyOf(candidates);
    }
}
