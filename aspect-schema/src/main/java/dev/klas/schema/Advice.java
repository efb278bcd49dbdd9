package dev.klas.schema;

import java.util.Objects;

/**
 * A piece of advice: C code and where it came from. {@code position} is where the first character of
 * {@code code} stands in the aspect file, so compiler messages on the code map back to the aspect.
 */
public record Advice(AdviceKind kind, String code, SourcePosition position) {
    public Advice {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(position, "position");
    }
}
