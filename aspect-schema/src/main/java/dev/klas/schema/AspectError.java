package dev.klas.schema;

import java.util.Optional;

/**
 * One problem in an aspect or pointcut: where it is, what is wrong and, for expression syntax errors,
 * the source line with a caret under the column.
 */
public record AspectError(SourcePosition position, String message, Optional<String> excerpt) {

    public AspectError(SourcePosition position, String message) {
        this(position, message, Optional.empty());
    }

    /** {@code file:line:col: message}, followed by the excerpt lines when there is one. */
    public String render() {
        return position + ": " + message + excerpt.map(e -> "\n" + e).orElse("");
    }
}
