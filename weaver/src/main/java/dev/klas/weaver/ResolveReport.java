package dev.klas.weaver;

import dev.klas.resolve.joinpoint.JoinPoint;
import dev.klas.resolve.joinpoint.Precision;
import dev.klas.resolve.joinpoint.Resolution;
import java.util.List;
import java.util.Optional;

/**
 * The join points of a pointcut in a binary: one resolution per matched shadow.
 *
 * @param runsIn  the pointcut's runs-in rule as written ({@code runsin(tcp_ack)}), when it has one
 * @param outside join points resolved but dropped because their hook lands outside {@code runsIn}; the resolutions
 *                hold only the join points kept
 */
public record ResolveReport(List<Resolution> resolutions, Optional<String> runsIn, int outside) {
    public ResolveReport {
        resolutions = List.copyOf(resolutions);
    }

    public ResolveReport(List<Resolution> resolutions) {
        this(resolutions, Optional.empty(), 0);
    }

    public List<JoinPoint> joinPoints() {
        return resolutions.stream().flatMap(r -> r.joinPoints().stream()).toList();
    }

    public long accessPrecise() {
        return joinPoints().stream().filter(j -> j.precision() instanceof Precision.Access).count();
    }

    /** The shadows that found no code in the binary (not those whose join points all lie outside {@link #runsIn}). */
    public List<Resolution> unresolved() {
        return resolutions.stream().filter(r -> r.problem().isPresent()).toList();
    }

    /** {@code 12 join points outside runsin(tcp_ack) (3 kept)}, when the rule dropped any. */
    public Optional<String> outsideLine() {
        return outside == 0 ? Optional.empty() : runsIn.map(r -> RunsInRule.outside(r, outside, joinPoints().size()));
    }
}
