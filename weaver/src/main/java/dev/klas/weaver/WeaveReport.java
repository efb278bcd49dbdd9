package dev.klas.weaver;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a weave made.
 *
 * @param shadows     shadows the aspects' pointcuts matched
 * @param rows        each hook that went into the output
 * @param refused     hooks left out, each with its reason
 * @param unresolved  matched shadows that found no code in the binary, each with its reason
 * @param artifact    the built module or library, when {@code --build} built one
 * @param diagnostics compiler messages on advice code, as {@code aspect.xml:line:col: message}
 * @param segmentCalls one line per segment-call and pair of declared objects it can join
 *                     ({@code aspect.xml:L:C: aspect NAME: segment-call(...): main -> libx.so: f g}); they go into the
 *                     library's parts table and are matched by the runtime at load
 * @param outside     per aspect with runs-in terms that dropped join points, the line that counts them
 *                    ({@code aspect.xml:L:C: aspect NAME: 12 join points outside runsin(tcp_ack) (3 kept)}); they
 *                    are left out on purpose, not refused
 */
public record WeaveReport(Path out, int shadows, List<HookRow> rows, List<String> refused, List<String> unresolved,
                          Optional<Path> artifact, List<String> diagnostics, List<String> segmentCalls,
                          List<String> outside) {
    public WeaveReport {
        rows = List.copyOf(rows);
        refused = List.copyOf(refused);
        unresolved = List.copyOf(unresolved);
        diagnostics = List.copyOf(diagnostics);
        segmentCalls = List.copyOf(segmentCalls);
        outside = List.copyOf(outside);
    }

    public WeaveReport(Path out, int shadows, List<HookRow> rows, List<String> refused, List<String> unresolved,
                       Optional<Path> artifact, List<String> diagnostics) {
        this(out, shadows, rows, refused, unresolved, artifact, diagnostics, List.of(), List.of());
    }

    /** One line per hook ({@link HookRow#text()}). */
    public List<String> hooks() {
        return rows.stream().map(HookRow::text).toList();
    }

    /** Hooks on the very instruction: ACCESS, CALL or ENTRY. */
    public long accessPrecise() {
        return rows.stream().filter(HookRow::precise).count();
    }

    /** Hooks at the start of a line's code, for want of a finer place. */
    public long linePrecise() {
        return rows.size() - accessPrecise();
    }

    /** The same report with the segment-call summary, problems (unresolved) and notes (diagnostics) added. */
    WeaveReport withSegments(List<String> summary, List<String> problems, List<String> notes) {
        List<String> u = new java.util.ArrayList<>(unresolved);
        u.addAll(problems);
        List<String> d = new java.util.ArrayList<>(diagnostics);
        d.addAll(notes);
        return new WeaveReport(out, shadows, rows, refused, u, artifact, d, summary, outside);
    }

    /** The same report with the runs-in accounting lines. */
    WeaveReport withOutside(List<String> lines) {
        return new WeaveReport(out, shadows, rows, refused, unresolved, artifact, diagnostics, segmentCalls, lines);
    }

    /** True when something matched could not be hooked. */
    public boolean partial() {
        return !refused.isEmpty() || !unresolved.isEmpty();
    }
}
