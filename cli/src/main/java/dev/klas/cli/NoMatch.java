package dev.klas.cli;

import dev.klas.schema.Pointcut;
import dev.klas.schema.PointcutParser;
import dev.klas.schema.PointcutPrinter;
import dev.klas.schema.SourcePosition;
import dev.klas.schema.TextOrigin;
import dev.klas.symbols.MatchDiagnosis;
import dev.klas.weaver.WeaveException;
import dev.klas.weaver.Weaver;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What query, resolve and export say when a pointcut selects no shadow: why, one line per selector at the position
 * where it is written, {@code <pointcut>:1:COL: set(mbuff.m_len): no struct matches 'mbuff' (did you mean mbuf?)}.
 */
final class NoMatch {
    private NoMatch() {
    }

    /** Prints the diagnosis of {@code text} (parsed as {@code pointcut}) on {@code err}; the exit code to return. */
    static int report(Path db, String text, Pointcut pointcut, PrintWriter err) {
        List<MatchDiagnosis> why;
        try {
            why = Weaver.diagnose(db, pointcut);
        } catch (WeaveException e) {
            throw Failures.of(e);
        }
        TextOrigin origin = TextOrigin.of("<pointcut>", text);
        Map<Pointcut.Selector, SourcePosition> at = PointcutParser.selectorPositions(text, origin);
        SourcePosition start = origin.positionOf(text.length() - text.stripLeading().length());
        if (why.isEmpty()) {
            err.println(start + ": " + PointcutPrinter.print(pointcut) + " selects no shadow in " + db);
        }
        for (MatchDiagnosis d : why) {
            err.println(at.getOrDefault(d.selector(), start) + ": " + PointcutPrinter.print(d.selector()) + ": "
                    + d.reason());
        }
        return ExitCode.INVALID_INPUT;
    }
}
