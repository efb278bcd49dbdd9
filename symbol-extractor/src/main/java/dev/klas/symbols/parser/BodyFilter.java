package dev.klas.symbols.parser;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.cdt.core.dom.ast.IASTStatement;
import org.eclipse.cdt.internal.core.parser.IMacroDictionary;

/**
 * Decides, each time a header is included, whether its function bodies are wanted: always for the main file; for a
 * header only when no recorded macro context of its content is satisfied by the macros at that inclusion
 * ({@link KnownContexts}). The decision holds for the bodies read until the same header is included again. The
 * parser skips unwanted bodies and the collector walks only the bodies the parser parsed.
 */
final class BodyFilter {
    private final String mainFile;
    private final Function<String, String> relative;
    private final KnownContexts known;
    private final Map<String, Boolean> decisions = new HashMap<>();
    private final Map<String, ArrayDeque<Optional<String>>> matched = new HashMap<>();
    private final Map<String, ArrayDeque<List<String>>> undefined = new HashMap<>();
    private final Set<IASTStatement> parsed = Collections.newSetFromMap(new IdentityHashMap<>());
    private MacroLookup lookup;

    BodyFilter(String mainFile, Function<String, String> relative, KnownContexts known) {
        this.mainFile = mainFile;
        this.relative = relative;
        this.known = known;
    }

    /**
     * The preprocessor enters {@code file} (absolute) with content {@code hash} under {@code macros}, where the
     * identifiers {@code undefinedNames} of its text are no macro.
     */
    void entered(String file, String hash, IMacroDictionary macros, List<String> undefinedNames) {
        undefined.computeIfAbsent(file, f -> new ArrayDeque<>()).add(undefinedNames);
        if (macros != null && lookup == null) {
            lookup = new MacroLookup(macros);
        }
        Optional<String> recorded = macros == null ? Optional.empty() : known.recorded(relative.apply(file), hash,
                context -> lookup.satisfies(MacroContext.parse(context)));
        decisions.put(file, recorded.isEmpty());
        matched.computeIfAbsent(file, f -> new ArrayDeque<>()).add(recorded);
    }

    /**
     * The recorded context that the next inclusion of {@code file} (absolute), in the order the preprocessor entered
     * them, satisfied; empty when its bodies were walked.
     */
    Optional<String> nextMatched(String file) {
        ArrayDeque<Optional<String>> q = matched.get(file);
        return q == null || q.isEmpty() ? Optional.empty() : q.poll();
    }

    /** The identifiers that were no macro at the next inclusion of {@code file}, in the order they were entered. */
    List<String> nextUndefined(String file) {
        ArrayDeque<List<String>> q = undefined.get(file);
        return q == null || q.isEmpty() ? List.of() : q.poll();
    }

    boolean wanted(String file) {
        return file.equals(mainFile) || decisions.getOrDefault(file, true);
    }

    boolean isMain(String file) {
        return file.equals(mainFile);
    }

    void parsed(IASTStatement body) {
        parsed.add(body);
    }

    boolean isParsed(IASTStatement body) {
        return parsed.contains(body);
    }
}
