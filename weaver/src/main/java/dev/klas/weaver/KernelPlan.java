package dev.klas.weaver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.klas.advice.Hook;
import dev.klas.advice.HookPlanner;
import dev.klas.advice.PlacedObject;
import dev.klas.advice.Refusal;
import dev.klas.advice.Target;
import dev.klas.advice.kprobes.Safety;
import dev.klas.resolve.FormatException;
import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.resolve.joinpoint.SourcePlace;
import dev.klas.schema.Aspect;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The hooks of a kernel target (vmlinux or a .ko), shared by linux-kprobes and linux-bpf: planned at the addresses
 * the join points name, the unsafe ones refused ({@link Safety}: blacklist, noinstr, entry, init, __fentry__).
 *
 * @param hooks the hooks that are not refused
 */
record KernelPlan(Binary binary, String release, Target target, HookPlanner.Plan plan, List<Refusal> refusals,
                  List<Hook> hooks) {

    static KernelPlan of(Path path, List<Aspect> aspects, Map<String, List<SourcePlace>> places,
                         BinaryCheck binaryCheck) throws WeaveException, IOException {
        ElfFile file = Binaries.elf(path);
        Binary binary = binary(path, file);
        binaryCheck.check(binary, path);
        String release = KernelObjects.release(file).orElseThrow(() -> new WeaveException(
                WeaveException.Kind.INVALID_INPUT, path + ": not a Linux kernel image or module"
                + " (no linux_banner, no .modinfo vermagic)"));
        Target target = file.isRelocatable()
                ? Target.kernelModule(KernelObjects.moduleName(file).orElseThrow(() -> new WeaveException(
                        WeaveException.Kind.INVALID_INPUT, path + ": no module name in .modinfo")), release)
                : Target.vmlinux(release, Optional.empty());
        HookPlanner.Plan plan = HookPlanner.plan(binary, places, RunsInRule.of(aspects, binary));
        List<Refusal> refusals = new Safety(binary).check(plan.hooks());
        Set<Hook> refused = new HashSet<>();
        refusals.forEach(r -> refused.add(r.hook()));
        List<Hook> hooks = plan.hooks().stream().filter(h -> !refused.contains(h)).toList();
        return new KernelPlan(binary, release, target, plan, refusals, hooks);
    }

    /** {@code joinpoints.json} of a kernel weave: every join point, hooked with the mechanism or refused with why. */
    void writeJoinPoints(Path dir, String targetName, WeaveRequest request, List<Aspect> aspects, String mechanism)
            throws IOException {
        JoinPointLog.write(dir, targetName, request.binary(), aspects, plan, outcomes(mechanism));
    }

    /** The same document in memory, for {@code klas report} without a weave. */
    ObjectNode joinPoints(String targetName, Path path, List<Aspect> aspects, String mechanism) {
        return JoinPointLog.tree(targetName, path, aspects, plan, outcomes(mechanism));
    }

    private Function<Hook, JoinPointLog.Outcome> outcomes(String mechanism) {
        Map<Hook, String> reasons = new java.util.HashMap<>();
        refusals.forEach(r -> reasons.putIfAbsent(r.hook(), r.reason()));
        return h -> reasons.containsKey(h) ? new JoinPointLog.Outcome("refused", "", reasons.get(h))
                : new JoinPointLog.Outcome("hooked", mechanism, "");
    }

    /** The report of a kernel weave: a row per hook with its mechanism, the refusals, the unresolved places. */
    WeaveReport report(WeaveRequest request, List<Aspect> aspects, int shadows, String mechanism,
                       Optional<Path> artifact, List<String> diagnostics) {
        return new WeaveReport(request.out(), shadows, hooks.stream().map(h -> new HookRow(h.location().toString(),
                h.place().file(), h.place().line(), h.aspects(), h.precision(), mechanism, "", List.of(), List.of()))
                .toList(), refusals.stream().map(Refusal::toString).toList(), plan.unresolved(), artifact, diagnostics)
                .withOutside(RunsInRule.accounts(aspects, plan.kept(), plan.dropped()));
    }

    private static Binary binary(Path path, ElfFile file) throws WeaveException {
        if (!file.isRelocatable()) {
            return Binaries.open(path);
        }
        try {
            ElfFile placed = PlacedObject.open(path);
            if (!placed.hasDebugInfo()) {
                throw new WeaveException(WeaveException.Kind.MISSING_ENVIRONMENT, path + ": no debug info"
                        + Binaries.hint(path));
            }
            return new Binary(placed);
        } catch (IOException | FormatException e) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, path + ": " + e.getMessage(), e);
        }
    }
}
