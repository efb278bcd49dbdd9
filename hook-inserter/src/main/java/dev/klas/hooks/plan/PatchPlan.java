package dev.klas.hooks.plan;

import java.util.List;
import java.util.Objects;

/** Everything a runtime needs to hook one object: its identity, the hooks, and what was refused (docs/plan-format.md). */
public record PatchPlan(int version, TargetIdentity target, HookMode mode, List<PlannedHook> hooks,
                        List<PlanRefusal> refused) {
    public static final int VERSION = 2;
    /** The oldest version {@link PlanJson#read} accepts (1: no after-advice). */
    public static final int OLDEST = 1;

    public PatchPlan {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(mode, "mode");
        hooks = List.copyOf(hooks);
        refused = List.copyOf(refused);
    }
}
