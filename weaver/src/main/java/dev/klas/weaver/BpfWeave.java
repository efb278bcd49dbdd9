package dev.klas.weaver;

import dev.klas.advice.AdviceRequest;
import dev.klas.advice.Diagnostic;
import dev.klas.advice.GenerationException;
import dev.klas.advice.MissingEnvironmentException;
import dev.klas.advice.bpf.BpfBuild;
import dev.klas.advice.bpf.BpfGenerator;
import dev.klas.resolve.joinpoint.SourcePlace;
import dev.klas.schema.Aspect;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The linux-bpf target: the same hooks and refusals as linux-kprobes ({@link KernelPlan}), one kprobe BPF program
 * per hook and a statically linked loader that attaches them at their addresses.
 */
final class BpfWeave {
    /** The mechanism of every hook of this target, as joinpoints.json and the weave report name it. */
    static final String MECHANISM = "bpf-kprobe";

    private BpfWeave() {
    }

    static WeaveReport run(WeaveRequest request, List<Aspect> aspects, Map<String, List<SourcePlace>> places,
                           int shadows, Path dir, BinaryCheck binaryCheck) throws WeaveException, IOException {
        KernelPlan kernel = KernelPlan.of(request.binary(), aspects, places, binaryCheck);
        List<String> diagnostics = new ArrayList<>();
        Optional<Path> artifact = Optional.empty();
        if (!kernel.hooks().isEmpty()) {
            try {
                BpfGenerator.generate(new AdviceRequest(request.name(), kernel.target(), aspects, kernel.hooks()),
                        BpfBuild.btf(kernel.release()), dir);
                if (request.build()) {
                    artifact = build(request, dir, diagnostics);
                }
            } catch (GenerationException e) {
                throw new WeaveException(WeaveException.Kind.INVALID_INPUT, KprobesWeave.render(e.diagnostics()), e);
            } catch (MissingEnvironmentException e) {
                throw new WeaveException(WeaveException.Kind.MISSING_ENVIRONMENT, e.getMessage(), e);
            }
        }
        kernel.writeJoinPoints(dir, WeaveTarget.LINUX_BPF.label(), request, aspects, MECHANISM);
        return kernel.report(request, aspects, shadows, MECHANISM, artifact, diagnostics);
    }

    private static Optional<Path> build(WeaveRequest request, Path dir, List<String> diagnostics)
            throws WeaveException, IOException, MissingEnvironmentException {
        BpfBuild.Result result;
        try {
            result = BpfBuild.build(dir, request.name());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building the BPF loader", e);
        }
        List<Diagnostic> found = result.diagnostics();
        found.forEach(d -> diagnostics.add(d.toString()));
        if (!result.built()) {
            String messages = found.isEmpty() ? result.log() : KprobesWeave.render(found);
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, "the BPF programs do not build:\n" + messages);
        }
        return result.loader().map(l -> request.out().resolve(l.getFileName()));
    }
}
