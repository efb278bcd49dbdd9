package dev.klas.advice;

import dev.klas.schema.SourcePosition;
import java.util.Objects;

/** A message about a place: in an aspect file (advice code) or, for klas's own faults, in generated code. */
public record Diagnostic(SourcePosition position, Severity severity, String message) {
    public enum Severity { ERROR, WARNING, NOTE }

    public Diagnostic {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    /** {@code aspect.xml:LINE:COL: error: message}, as gcc prints it. */
    @Override
    public String toString() {
        return position + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
    }
}
