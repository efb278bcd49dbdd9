package dev.klas.weaver;

import dev.klas.advice.GenerationException;
import dev.klas.advice.HookPlanner;
import dev.klas.advice.MissingEnvironmentException;
import dev.klas.advice.userspace.UserspaceBuild;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The userspace target: hooks planned in a program or shared object, a preload library and plan.json built. With
 * segment-call aspects ({@code parts}) the library is built even when no site is hooked: its parts table is enough.
 */
final class UserspaceWeave {
    private UserspaceWeave() {
    }

    static WeaveReport run(WeaveRequest request, List<Aspect> aspects, Map<String, List<SourcePlace>> places,
                           int shadows, Path dir, boolean parts) throws WeaveException, IOException {
        ElfFile file = Binaries.elf(request.binary());
        if (file.isRelocatable()) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, request.binary()
                    + ": a relocatable object; weave the linked program or shared object");
        }
        Binary binary = Binaries.open(request.binary());
        HookPlanner.Plan hooks = HookPlanner.plan(binary, places);
        PatchPlan plan = new UserspacePlanner(binary, file).plan(hooks, aspects, mode(request.hookMode()));
        Optional<Path> artifact = Optional.empty();
        List<String> diagnostics = List.of();
        if (!plan.hooks().isEmpty() || parts) {
            try {
                UserspaceBuild.Built built = UserspaceBuild.build(plan, aspects, dir, request.name(),
                        AdviceIncludes.dirs(request, request.db().orElse(dir.resolve("symbols.db"))));
                plan = built.plan();
                artifact = Optional.of(request.out().resolve(built.library().getFileName()));
                diagnostics = built.warnings().stream().map(Object::toString).toList();
            } catch (GenerationException e) {
                throw new WeaveException(WeaveException.Kind.INVALID_INPUT, KprobesWeave.render(e.diagnostics()), e);
            } catch (MissingEnvironmentException e) {
                throw new WeaveException(WeaveException.Kind.MISSING_ENVIRONMENT, e.getMessage(), e);
            }
        }
        return new WeaveReport(request.out(), shadows, plan.hooks().stream().map(UserspaceWeave::describe).toList(),
                plan.refused().stream().map(PlanRefusal::toString).toList(), hooks.unresolved(),
                plan.hooks().stream().filter(h -> h.access().isPresent()).count(),
                plan.hooks().stream().filter(h -> h.access().isEmpty()).count(), artifact, diagnostics);
    }

    private static dev.klas.hooks.plan.HookMode mode(HookMode mode) {
        return dev.klas.hooks.plan.HookMode.valueOf(mode.name());
    }

    private static String describe(PlannedHook h) {
        return h.symbol() + (h.offset() == 0 ? "" : "+0x" + Long.toHexString(h.offset())) + "\t" + h.place().file()
                + ":" + h.place().line() + "\t" + (h.aspects().isEmpty() ? "-" : String.join(",", h.aspects().stream()
                .map(PlannedHook.AspectRef::name).toList())) + "\t" + (h.access().isPresent() ? "ACCESS" : "LINE")
                + "\t" + h.mechanism().name().toLowerCase(java.util.Locale.ROOT)
                + h.why().map(w -> " (" + w + ")").orElse("") + after(h);
    }

    /** The after-advices a hook carries: {@code \tafter-return ASPECTS} / {@code \tafter-call ASPECTS}. */
    private static String after(PlannedHook h) {
        StringBuilder sb = new StringBuilder();
        for (PlannedHook.After.When w : PlannedHook.After.When.values()) {
            List<String> names = h.after().stream().filter(a -> a.when() == w).map(PlannedHook.After::name).toList();
            if (!names.isEmpty()) {
                sb.append(w == PlannedHook.After.When.RETURN ? "\tafter-return " : "\tafter-call ")
                        .append(String.join(",", names));
            }
        }
        return sb.toString();
    }
}
