package dev.klas.weaver;

import dev.klas.advice.GenerationException;
import dev.klas.advice.MissingEnvironmentException;
import dev.klas.advice.userspace.Identity;
import dev.klas.advice.userspace.UserspaceBuild;
import dev.klas.hooks.plan.HookMode;
import dev.klas.hooks.plan.PatchPlan;
import dev.klas.resolve.elf.ElfFile;
import dev.klas.schema.Aspect;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The userspace target when every aspect is made of segment calls: nothing to resolve in the binary (no debug info
 * needed), a plan with no hooks that names the binary, and a library whose parts table the runtime matches at load.
 */
final class PartsWeave {
    private PartsWeave() {
    }

    static WeaveReport run(WeaveRequest request, List<Aspect> aspects, Path dir) throws WeaveException, IOException {
        ElfFile file = Binaries.elf(request.binary());
        if (file.isRelocatable()) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, request.binary()
                    + ": a relocatable object; weave the linked program or shared object");
        }
        PatchPlan plan = new PatchPlan(PatchPlan.VERSION, Identity.of(file),
                HookMode.valueOf(request.hookMode().name()), List.of(), List.of());
        try {
            UserspaceBuild.Built built = UserspaceBuild.build(plan, aspects, dir, request.name(),
                    AdviceIncludes.dirs(request, request.db().orElse(dir.resolve("symbols.db"))));
            return new WeaveReport(request.out(), 0, List.of(), List.of(), List.of(),
                    Optional.of(request.out().resolve(built.library().getFileName())),
                    built.warnings().stream().map(Object::toString).toList());
        } catch (GenerationException e) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, KprobesWeave.render(e.diagnostics()), e);
        } catch (MissingEnvironmentException e) {
            throw new WeaveException(WeaveException.Kind.MISSING_ENVIRONMENT, e.getMessage(), e);
        }
    }
}
