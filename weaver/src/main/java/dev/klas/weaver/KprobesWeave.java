package dev.klas.weaver;

import dev.klas.advice.AdviceRequest;
import dev.klas.advice.Diagnostic;
import dev.klas.advice.GenerationException;
import dev.klas.advice.vars.AdviceVariables;
import dev.klas.advice.vars.KernelRegisters;
import dev.klas.advice.Hook;
import dev.klas.advice.HookPlanner;
import dev.klas.advice.Includes;
import dev.klas.advice.MissingEnvironmentException;
import dev.klas.advice.PlacedObject;
import dev.klas.advice.Refusal;
import dev.klas.advice.Target;
import dev.klas.advice.kprobes.Kbuild;
import dev.klas.advice.kprobes.KbuildResult;
import dev.klas.advice.kprobes.KprobesGenerator;
import dev.klas.advice.kprobes.Safety;
import dev.klas.resolve.FormatException;
import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.resolve.joinpoint.SourcePlace;
import dev.klas.schema.Aspect;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The linux-kprobes target: hooks planned in vmlinux or a .ko, refused where unsafe, an advice module generated. */
final class KprobesWeave {
    private KprobesWeave() {
    }

    static WeaveReport run(WeaveRequest request, List<Aspect> aspects, Map<String, List<SourcePlace>> places,
                           int shadows, Path dir, BinaryCheck binaryCheck) throws WeaveException, IOException {
        ElfFile file = Binaries.elf(request.binary());
        Binary binary = binary(request.binary(), file);
        binaryCheck.check(binary, request.binary());
        String release = KernelObjects.release(file).orElseThrow(() -> new WeaveException(
                WeaveException.Kind.INVALID_INPUT, request.binary() + ": not a Linux kernel image or module"
                + " (no linux_banner, no .modinfo vermagic)"));
        Target target = file.isRelocatable()
                ? Target.kernelModule(KernelObjects.moduleName(file).orElseThrow(() -> new WeaveException(
                        WeaveException.Kind.INVALID_INPUT, request.binary() + ": no module name in .modinfo")), release)
                : Target.vmlinux(release, Optional.empty());
        HookPlanner.Plan plan = HookPlanner.plan(binary, places, RunsInRule.of(aspects, binary));
        List<Refusal> refusals = new Safety(binary).check(plan.hooks());
        Set<Hook> refused = new HashSet<>();
        refusals.forEach(r -> refused.add(r.hook()));
        List<Hook> hooks = plan.hooks().stream().filter(h -> !refused.contains(h)).toList();
        List<String> diagnostics = new ArrayList<>();
        Optional<Path> artifact = Optional.empty();
        if (!hooks.isEmpty()) {
            AdviceRequest advice = new AdviceRequest(request.name(), target, aspects, hooks);
            try {
                AdviceVariables vars = aspects.stream().anyMatch(a -> a.advices().stream()
                        .anyMatch(AdviceVariables::uses))
                        ? AdviceVariables.ofKernel(binary, hooks, aspects, KernelRegisters.of(binary))
                        : AdviceVariables.none();
                KprobesGenerator.generate(advice, vars, dir);
            } catch (GenerationException e) {
                throw new WeaveException(WeaveException.Kind.INVALID_INPUT, render(e.diagnostics()), e);
            }
            if (request.build()) {
                artifact = build(request, release, dir, diagnostics, aspects);
            }
        }
        java.util.Map<Hook, String> reasons = new java.util.HashMap<>();
        refusals.forEach(r -> reasons.putIfAbsent(r.hook(), r.reason()));
        JoinPointLog.write(dir, "linux-kprobes", request.binary(), aspects, plan, h -> reasons.containsKey(h)
                ? new JoinPointLog.Outcome("refused", "", reasons.get(h))
                : new JoinPointLog.Outcome("hooked", "kprobe", ""));
        return new WeaveReport(request.out(), shadows, hooks.stream().map(KprobesWeave::row).toList(),
                refusals.stream().map(Refusal::toString).toList(), plan.unresolved(), artifact, diagnostics)
                .withOutside(RunsInRule.accounts(aspects, plan.kept(), plan.dropped()));
    }

    private static Optional<Path> build(WeaveRequest request, String release, Path dir, List<String> diagnostics,
                                        List<Aspect> aspects) throws WeaveException, IOException {
        Path kdir = request.kdir().orElse(Kbuild.kdir(release));
        KbuildResult result;
        try {
            result = Kbuild.build(dir, kdir, request.name(), AdviceIncludes.kernelDirs(request));
        } catch (MissingEnvironmentException e) {
            throw new WeaveException(WeaveException.Kind.MISSING_ENVIRONMENT, e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building the module", e);
        }
        List<Diagnostic> found = Includes.atIncludes(result.diagnostics(), aspects);
        found.forEach(d -> diagnostics.add(d.toString()));
        if (!result.built()) {
            String messages = found.isEmpty() ? result.log() : render(found);
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, "the advice module does not build:\n" + messages);
        }
        return result.module().map(m -> request.out().resolve(m.getFileName()));
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

    private static HookRow row(Hook h) {
        return new HookRow(h.location().toString(), h.place().file(), h.place().line(), h.aspects(), h.precision(),
                "kprobe", "", List.of(), List.of());
    }

    static String render(List<Diagnostic> diagnostics) {
        StringBuilder sb = new StringBuilder();
        diagnostics.forEach(d -> sb.append(d).append('\n'));
        return sb.toString().stripTrailing();
    }
}
