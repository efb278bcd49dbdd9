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
    /** The mechanism of every hook of this target, as joinpoints.json and the weave report name it. */
    static final String MECHANISM = "kprobe";

    private KprobesWeave() {
    }

    static WeaveReport run(WeaveRequest request, List<Aspect> aspects, Map<String, List<SourcePlace>> places,
                           int shadows, Path dir, BinaryCheck binaryCheck) throws WeaveException, IOException {
        KernelPlan kernel = KernelPlan.of(request.binary(), aspects, places, binaryCheck);
        Binary binary = kernel.binary();
        String release = kernel.release();
        Target target = kernel.target();
        List<Hook> hooks = kernel.hooks();
        List<String> diagnostics = new ArrayList<>();
        Optional<Path> artifact = Optional.empty();
        if (!hooks.isEmpty()) {
            AdviceRequest advice = new AdviceRequest(request.name(), target, aspects, hooks);
            try {
                AdviceVariables vars = aspects.stream().anyMatch(a -> a.advices().stream()
                        .anyMatch(adv -> AdviceVariables.usesData(adv) || AdviceVariables.usesContext(adv)))
                        ? AdviceVariables.ofKernel(binary, hooks, aspects, KernelRegisters.of(binary))
                        : AdviceVariables.none();
                KprobesGenerator.generate(advice, vars, dir);
                vars.notes().forEach(d -> diagnostics.add(d.toString()));
            } catch (GenerationException e) {
                throw new WeaveException(WeaveException.Kind.INVALID_INPUT, render(e.diagnostics()), e);
            }
            if (request.build()) {
                artifact = build(request, release, dir, diagnostics, aspects);
            }
        }
        kernel.writeJoinPoints(dir, WeaveTarget.LINUX_KPROBES.label(), request, aspects, MECHANISM);
        return kernel.report(request, aspects, shadows, MECHANISM, artifact, diagnostics);
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

    static String render(List<Diagnostic> diagnostics) {
        StringBuilder sb = new StringBuilder();
        diagnostics.forEach(d -> sb.append(d).append('\n'));
        return sb.toString().stripTrailing();
    }
}
