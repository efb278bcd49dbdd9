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
 * @param segmentCalls one line per segment-call and pair of declared objects it can join
 *                     ({@code aspect.xml:L:C: aspect NAME: segment-call(...): main -> libx.so: f g}); they go into the
 *                     library's parts table and are matched by the runtime at load
 */
public record WeaveReport(Path out, int shadows, List<String> hooks, List<String> refused, List<String> unresolved,
                          long accessPrecise, long linePrecise, Optional<Path> artifact, List<String> diagnostics,
                          List<String> segmentCalls) {
    public WeaveReport {
        hooks = List.copyOf(hooks);
        refused = List.copyOf(refused);
        unresolved = List.copyOf(unresolved);
        diagnostics = List.copyOf(diagnostics);
        segmentCalls = List.copyOf(segmentCalls);
    }

    public WeaveReport(Path out, int shadows, List<String> hooks, List<String> refused, List<String> unresolved,
                       long accessPrecise, long linePrecise, Optional<Path> artifact, List<String> diagnostics) {
        this(out, shadows, hooks, refused, unresolved, accessPrecise, linePrecise, artifact, diagnostics, List.of());
    }

    /** The same report with the segment-call summary, problems (unresolved) and notes (diagnostics) added. */
    WeaveReport withSegments(List<String> summary, List<String> problems, List<String> notes) {
        List<String> u = new java.util.ArrayList<>(unresolved);
        u.addAll(problems);
        List<String> d = new java.util.ArrayList<>(diagnostics);
        d.addAll(notes);
        return new WeaveReport(out, shadows, hooks, refused, u, accessPrecise, linePrecise, artifact, d, summary);
    }

    /** True when something matched could not be hooked. */
    public boolean partial() {
        return !refused.isEmpty() || !unresolved.isEmpty();
    }
}
