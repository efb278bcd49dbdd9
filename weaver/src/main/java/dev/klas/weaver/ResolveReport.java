package dev.klas.weaver;

import dev.klas.resolve.joinpoint.JoinPoint;
import dev.klas.resolve.joinpoint.Precision;
import dev.klas.resolve.joinpoint.Resolution;
import java.util.List;

/** The join points of a pointcut in a binary: one resolution per matched shadow. */
public record ResolveReport(List<Resolution> resolutions) {
    public ResolveReport {
        resolutions = List.copyOf(resolutions);
    }

    public List<JoinPoint> joinPoints() {
        return resolutions.stream().flatMap(r -> r.joinPoints().stream()).toList();
    }

    public long accessPrecise() {
        return joinPoints().stream().filter(j -> j.precision() instanceof Precision.Access).count();
    }

    public List<Resolution> unresolved() {
        return resolutions.stream().filter(r -> r.joinPoints().isEmpty()).toList();
    }
}
