package dev.klas.symbols.parser;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Decides, once per file of a translation unit, whether its function bodies are wanted: always for the main file;
 * for a header only when the caller wants its inline functions (not yet known for its current content). The
 * parser skips unwanted bodies and the collector does not walk them.
 */
final class BodyFilter {
    private final String mainFile;
    private final Function<String, String> relative;
    private final Predicate<String> headerWanted;
    private final Map<String, Boolean> decisions = new HashMap<>();
    private final Set<String> headersDone = new LinkedHashSet<>();

    BodyFilter(String mainFile, Function<String, String> relative, Predicate<String> headerWanted) {
        this.mainFile = mainFile;
        this.relative = relative;
        this.headerWanted = headerWanted;
    }

    boolean wanted(String file) {
        if (file.equals(mainFile)) {
            return true;
        }
        Boolean known = decisions.get(file);
        if (known != null) {
            return known;
        }
        boolean w = headerWanted.test(relative.apply(file));
        if (w) {
            headersDone.add(relative.apply(file));
        }
        decisions.put(file, w);
        return w;
    }

    List<String> headersDone() {
        return List.copyOf(headersDone);
    }
}
