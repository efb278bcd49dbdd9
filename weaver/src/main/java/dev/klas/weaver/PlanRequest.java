package dev.klas.weaver;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code klas report --db --binary --aspect} asks for: the join points a weave with the same aspects, binary,
 * symbol table, target and hook mode would plan, without generating, building or writing anything.
 */
public record PlanRequest(List<Path> aspects, Path binary, Path db, WeaveTarget target, HookMode hookMode) {
    public PlanRequest {
        aspects = List.copyOf(aspects);
        if (aspects.isEmpty()) {
            throw new IllegalArgumentException("no aspects");
        }
    }
}
