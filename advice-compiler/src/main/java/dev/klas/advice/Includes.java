package dev.klas.advice;

import dev.klas.schema.Aspect;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An aspect's {@code <include>} lines as they go into generated C: only {@code <path>} or {@code "path"} made of
 * letters, digits and {@code _ . / + -}, so that an include can't smuggle code or a newline into the file.
 */
public final class Includes {
    private static final Pattern INCLUDE = Pattern.compile("<[A-Za-z0-9_./+-]+>|\"[A-Za-z0-9_./+-]+\"");

    private Includes() {
    }

    /** Adds each acceptable include of {@code aspect} to {@code out} as a template entry {@code text}, a problem for each other. */
    public static void add(Aspect aspect, List<Map<String, Object>> out, List<Diagnostic> problems) {
        for (String inc : aspect.includes()) {
            if (INCLUDE.matcher(inc).matches()) {
                out.add(Map.of("text", inc));
            } else {
                problems.add(new Diagnostic(aspect.position(), Diagnostic.Severity.ERROR, "include "
                        + CNames.literal(inc) + " is not <path> or \"path\" made of letters, digits and _ . / + -"));
            }
        }
    }
}
