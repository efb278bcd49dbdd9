package dev.klas.weaver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.klas.advice.GenerationException;
import dev.klas.advice.Hook;
import dev.klas.advice.HookPlanner;
import dev.klas.advice.MissingEnvironmentException;
import dev.klas.advice.userspace.PartsGenerator;
import dev.klas.advice.userspace.UserspaceBuild;
import dev.klas.advice.vars.AdviceVariables;
import dev.klas.advice.userspace.UserspacePlanner;
import dev.klas.hooks.plan.PatchPlan;
import dev.klas.hooks.plan.PlanRefusal;
import dev.klas.hooks.plan.PlannedHook;
import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.resolve.joinpoint.SourcePlace;
import dev.klas.schema.Aspect;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The userspace target: hooks planned in a program or shared object, a preload library and plan.json built. With
 * segment-call aspects ({@code parts}) the library is built even when no site is hooked: its parts table is enough.
 */
final class UserspaceWeave {
    private UserspaceWeave() {
    }

    static WeaveReport run(WeaveRequest request, List<Aspect> aspects, Map<String, List<SourcePlace>> places,
                           int shadows, Path dir, boolean parts, BinaryCheck binaryCheck)
            throws WeaveException, IOException {
        Planned planned = plan(request.binary(), request.hookMode(), aspects, places, binaryCheck);
        Binary binary = planned.binary();
        HookPlanner.Plan hooks = planned.hooks();
        PatchPlan plan = planned.patches();
        Optional<Path> artifact = Optional.empty();
        List<String> diagnostics = List.of();
        if (!plan.hooks().isEmpty() || parts) {
            try {
                AdviceVariables vars = AdviceVariables.of(binary, plan, PartsGenerator.siteAspects(aspects));
                UserspaceBuild.Built built = UserspaceBuild.build(plan, aspects, dir, request.name(),
                        AdviceIncludes.dirs(request, request.db().orElse(dir.resolve("symbols.db"))), vars);
                plan = built.plan();
                artifact = Optional.of(request.out().resolve(built.library().getFileName()));
                diagnostics = built.warnings().stream().map(Object::toString).toList();
            } catch (GenerationException e) {
                throw new WeaveException(WeaveException.Kind.INVALID_INPUT, KprobesWeave.render(e.diagnostics()), e);
            } catch (MissingEnvironmentException e) {
                throw new WeaveException(WeaveException.Kind.MISSING_ENVIRONMENT, e.getMessage(), e);
            }
        }
        JoinPointLog.write(dir, WeaveTarget.USERSPACE.label(), request.binary(), aspects, hooks, outcomes(plan));
        Map<Long, String> precision = new HashMap<>();
        hooks.hooks().forEach(h -> precision.put(h.location().address(), h.precision()));
        return new WeaveReport(request.out(), shadows, plan.hooks().stream()
                .map(h -> row(h, precision.getOrDefault(h.vaddr(), "CALL"))).toList(),
                plan.refused().stream().map(PlanRefusal::toString).toList(), hooks.unresolved(), artifact, diagnostics)
                .withOutside(RunsInRule.accounts(aspects, hooks.kept(), hooks.dropped()));
    }

    /** The join points of a program or shared object and how its patch plan hooks them. */
    record Planned(Binary binary, HookPlanner.Plan hooks, PatchPlan patches) {
        /** joinpoints.json of these hooks, in memory (klas report without a weave). */
        ObjectNode joinPoints(Path path, List<Aspect> aspects) {
            return JoinPointLog.tree(WeaveTarget.USERSPACE.label(), path, aspects, hooks, outcomes(patches));
        }
    }

    /** Hooks planned in the binary at {@code path}, nothing generated or built. */
    static Planned plan(Path path, HookMode mode, List<Aspect> aspects, Map<String, List<SourcePlace>> places,
                        BinaryCheck binaryCheck) throws WeaveException {
        ElfFile file = Binaries.elf(path);
        if (file.isRelocatable()) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, path
                    + ": a relocatable object; weave the linked program or shared object");
        }
        Binary binary = Binaries.open(path);
        binaryCheck.check(binary, path);
        HookPlanner.Plan hooks = HookPlanner.plan(binary, places, RunsInRule.of(aspects, binary));
        return new Planned(binary, hooks, new UserspacePlanner(binary, file).plan(hooks, aspects, mode(mode)));
    }

    /** Each hook's outcome in the patch plan: hooked with its mechanism and note, or refused with the reason. */
    private static Function<Hook, JoinPointLog.Outcome> outcomes(PatchPlan plan) {
        Map<Long, PlannedHook> planned = new HashMap<>();
        plan.hooks().forEach(h -> planned.put(h.vaddr(), h));
        Map<Long, PlanRefusal> refusals = new HashMap<>();
        plan.refused().forEach(r -> refusals.putIfAbsent(r.vaddr(), r));
        return h -> {
            PlannedHook p = planned.get(h.location().address());
            PlanRefusal r = refusals.get(h.location().address());
            return p != null ? new JoinPointLog.Outcome("hooked", p.mechanism().name().toLowerCase(java.util.Locale.ROOT),
                    p.why().orElse("")) : new JoinPointLog.Outcome("refused", "", r != null ? r.reason() : "not planned");
        };
    }

    private static dev.klas.hooks.plan.HookMode mode(HookMode mode) {
        return dev.klas.hooks.plan.HookMode.valueOf(mode.name());
    }

    /** The hook as the weave reports it; after-call hooks (the instruction after a call) are CALL-precise. */
    private static HookRow row(PlannedHook h, String precision) {
        return new HookRow(h.symbol() + (h.offset() == 0 ? "" : "+0x" + Long.toHexString(h.offset())), h.place().file(),
                h.place().line(), h.aspects().stream().map(PlannedHook.AspectRef::name).toList(), precision,
                h.mechanism().name().toLowerCase(java.util.Locale.ROOT), h.why().orElse(""), after(h, PlannedHook.After.When.RETURN),
                after(h, PlannedHook.After.When.HERE));
    }

    private static List<String> after(PlannedHook h, PlannedHook.After.When when) {
        return h.after().stream().filter(a -> a.when() == when).map(PlannedHook.After::name).toList();
    }

}
