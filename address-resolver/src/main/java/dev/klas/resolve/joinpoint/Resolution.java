package dev.klas.resolve.joinpoint;

import java.util.List;
import java.util.Optional;

/**
 * What a source place became in a binary: its join points (one per copy of the code: every inlined copy and
 * every clone), or, when there are none, the problem that says why.
 */
public record Resolution(SourcePlace place, List<JoinPoint> joinPoints, Optional<String> problem) {
    public Resolution {
        joinPoints = List.copyOf(joinPoints);
    }

    static Resolution of(SourcePlace place, List<JoinPoint> joinPoints) {
        return new Resolution(place, joinPoints,
                joinPoints.isEmpty() ? Optional.of("no code for this place in the binary") : Optional.empty());
    }

    static Resolution problem(SourcePlace place, String problem) {
        return new Resolution(place, List.of(), Optional.of(problem));
    }
}
