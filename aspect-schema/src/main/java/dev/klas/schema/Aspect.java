package dev.klas.schema;

import java.util.List;
import java.util.Objects;

/**
 * An aspect: a name, where to intercept ({@link Pointcut}, in normal form) and what to run there.
 *
 * @param includes headers the advice needs, in the order written
 * @param position where the {@code <aspect>} element starts
 */
public record Aspect(String name, Pointcut pointcut, List<Advice> advices, List<Include> includes,
                     SourcePosition position) {
    public Aspect {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pointcut, "pointcut");
        advices = List.copyOf(advices);
        includes = List.copyOf(includes);
        Objects.requireNonNull(position, "position");
    }
}
