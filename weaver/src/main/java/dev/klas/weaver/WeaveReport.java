package dev.klas.weaver;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a weave made.
 *
 * @param shadows     shadows the aspects' pointcuts matched
 * @param hooks       one line per hook that went into the output ({@code symbol+off file:line aspects mechanism})
 * @param refused     hooks left out, each with its reason
 * @param unresolved  matched shadows that found no code in the binary, each with its reason
 * @param artifact    the built module or library, when {@code --build} built one
 * @param diagnostics compiler messages on advice code, as {@code aspect.xml:line:col: message}
 */
public record WeaveReport(Path out, int shadows, List<String> hooks, List<String> refused, List<String> unresolved,
                          long accessPrecise, long linePrecise, Optional<Path> artifact, List<String> diagnostics) {
    public WeaveReport {
        hooks = List.copyOf(hooks);
        refused = List.copyOf(refused);
        unresolved = List.copyOf(unresolved);
        diagnostics = List.copyOf(diagnostics);
    }

    /** True when something matched could not be hooked. */
    public boolean partial() {
        return !refused.isEmpty() || !unresolved.isEmpty();
    }
}
