package dev.klas.advice;

import dev.klas.schema.Aspect;
import dev.klas.schema.Include;
import dev.klas.schema.SourcePosition;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An aspect's {@code <include>} lines as they go into generated C: each behind a {@code #line} naming the
 * {@code <include>} element, so that gcc reports a header it cannot find (or an error inside it) at the aspect's
 * line. The aspect schema admits only {@code <path>} and {@code "path"} of letters, digits and {@code _ . / + -}.
 */
public final class Includes {
    private Includes() {
    }

    /** Adds each include of {@code aspect} to {@code out} as a template entry {@code text}, with its {@code #line}. */
    public static void add(Aspect aspect, List<Map<String, Object>> out) {
        for (Include inc : aspect.includes()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("text", inc.directive());
            entry.put("line", inc.position().line());
            entry.put("fileLiteral", CNames.literal(inc.position().file()));
            out.add(entry);
        }
    }

    /**
     * gcc's messages on an {@code #include} line moved to the {@code <include>}'s own column (gcc counts from the
     * directive it was given, the user wrote only the header's name).
     */
    public static List<Diagnostic> atIncludes(List<Diagnostic> diagnostics, List<Aspect> aspects) {
        Map<String, SourcePosition> lines = new HashMap<>();
        for (Aspect a : aspects) {
            for (Include inc : a.includes()) {
                lines.put(inc.position().file() + ":" + inc.position().line(), inc.position());
            }
        }
        return diagnostics.stream().map(d -> {
            SourcePosition at = lines.get(d.position().file() + ":" + d.position().line());
            return at == null ? d : new Diagnostic(at, d.severity(), d.message());
        }).toList();
    }
}
