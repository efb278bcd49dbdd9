package dev.klas.advice.userspace;

import dev.klas.advice.CompilerMessages;
import dev.klas.advice.Diagnostic;
import dev.klas.advice.Exec;
import dev.klas.advice.GenerationException;
import dev.klas.advice.Includes;
import dev.klas.advice.MissingEnvironmentException;
import dev.klas.advice.vars.AdviceVariables;
import dev.klas.hooks.RuntimeSources;
import dev.klas.hooks.plan.Mechanism;
import dev.klas.hooks.plan.PatchPlan;
import dev.klas.hooks.plan.PlanJson;
import dev.klas.hooks.plan.PlannedHook;
import dev.klas.schema.Aspect;
import dev.klas.schema.SourcePosition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes woven.c, the runtime sources and plan.json into a folder and compiles them into {@code lib<name>.so}:
 * <pre>gcc -O2 -g -fPIC -shared -Wall -fdiagnostics-column-unit=byte -I runtime -o libNAME.so woven.c [parts.c] runtime/klas_*.c -ldl -lpthread</pre>
 * parts.c ({@link PartsGenerator}) holds the segment-call aspects; with no hook in the plan and segment-call aspects
 * only, woven.c is left out and parts.c defines an empty site table.
 * Advice is first compiled general-regs-only (jump sites take the lean path); when it needs vector registers it is
 * compiled plainly and the jump sites save vector state (XSAVE).
 */
public final class UserspaceBuild {
    public static final String PLAN = "plan.json";
    public static final String RUNTIME = "runtime";
    /** A guard against a gcc that never ends (the library builds in seconds). */
    static final Duration LIMIT = Duration.ofMinutes(10);

    /** The library, the plan as built (vector flags set), and gcc's warnings on advice code. */
    public record Built(Path library, PatchPlan plan, List<Diagnostic> warnings, boolean lean) {
    }

    private UserspaceBuild() {
    }

    public static String libraryName(String name) {
        return "lib" + name + ".so";
    }

    public static Built build(PatchPlan plan, List<Aspect> aspects, Path dir, String name)
            throws GenerationException, MissingEnvironmentException, IOException {
        return build(plan, aspects, dir, name, List.of());
    }

    /** The library, its advice's {@code <include>}s looked for in {@code includeDirs} as well (gcc {@code -I}). */
    public static Built build(PatchPlan plan, List<Aspect> aspects, Path dir, String name, List<Path> includeDirs)
            throws GenerationException, MissingEnvironmentException, IOException {
        return build(plan, aspects, dir, name, includeDirs, AdviceVariables.none());
    }

    /** The library, the advice's {@code $name}s read as {@code vars} gives them at each hook. */
    public static Built build(PatchPlan plan, List<Aspect> aspects, Path dir, String name, List<Path> includeDirs,
                              AdviceVariables vars)
            throws GenerationException, MissingEnvironmentException, IOException {
        List<Path> runtime = RuntimeSources.copyTo(dir.resolve(RUNTIME));
        Path library = dir.resolve(libraryName(name));
        Compile lean = compile(plan, aspects, dir, runtime, library, true, includeDirs, vars);
        Compile used = lean.ok() ? lean : compile(plan, aspects, dir, runtime, library, false, includeDirs, vars);
        if (!used.ok()) {
            List<Diagnostic> errors = Includes.atIncludes(used.diagnostics(), aspects).stream()
                    .filter(d -> d.severity() == Diagnostic.Severity.ERROR).toList();
            String source = Files.exists(dir.resolve(UserspaceGenerator.SOURCE)) ? UserspaceGenerator.SOURCE
                    : PartsGenerator.SOURCE;
            throw new GenerationException(errors.isEmpty() ? List.of(new Diagnostic(new SourcePosition(
                    dir.resolve(source).toString(), 1, 1), Diagnostic.Severity.ERROR,
                    "gcc failed:\n" + used.log())) : errors);
        }
        PatchPlan built = lean.ok() ? plan : vector(plan);
        Files.writeString(dir.resolve(PLAN), PlanJson.write(built));
        List<Diagnostic> warnings = used.diagnostics().stream()
                .filter(d -> d.severity() != Diagnostic.Severity.ERROR).toList();
        return new Built(library, built, warnings, lean.ok());
    }

    private record Compile(boolean ok, List<Diagnostic> diagnostics, String log) {
    }

    private static Compile compile(PatchPlan plan, List<Aspect> aspects, Path dir, List<Path> runtime, Path library,
                                   boolean lean, List<Path> includeDirs, AdviceVariables vars)
            throws GenerationException, MissingEnvironmentException, IOException {
        List<String> cmd = new ArrayList<>(List.of("gcc", "-O2", "-g", "-fPIC", "-shared", "-Wall",
                "-fdiagnostics-column-unit=byte", "-fno-diagnostics-show-caret", "-I", RUNTIME));
        includeDirs.forEach(d -> cmd.add("-I" + d.toAbsolutePath()));
        cmd.addAll(List.of("-o", library.getFileName().toString()));
        boolean sites = !plan.hooks().isEmpty() || PartsGenerator.partAspects(aspects).isEmpty();
        if (sites) {
            Files.writeString(dir.resolve(UserspaceGenerator.SOURCE), UserspaceGenerator.render(plan,
                    PartsGenerator.siteAspects(aspects), lean, vars));
            cmd.add(UserspaceGenerator.SOURCE);
        }
        if (!PartsGenerator.partAspects(aspects).isEmpty()) {
            Files.writeString(dir.resolve(PartsGenerator.SOURCE), PartsGenerator.render(aspects, sites, lean));
            cmd.add(PartsGenerator.SOURCE);
        }
        runtime.forEach(r -> cmd.add(RUNTIME + "/" + r.getFileName()));
        cmd.addAll(List.of("-ldl", "-lpthread"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("LC_ALL", "C");
        Exec.Result r;
        try {
            r = Exec.run(pb, LIMIT);
        } catch (Exec.TimedOut e) {
            throw e;
        } catch (IOException e) {
            throw new MissingEnvironmentException("cannot run gcc (install it: apt-get install gcc): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running gcc", e);
        }
        return new Compile(r.exit() == 0, CompilerMessages.parse(r.output()), r.output());
    }

    private static PatchPlan vector(PatchPlan plan) {
        List<PlannedHook> hooks = plan.hooks().stream().map(h -> h.withVector(h.mechanism() == Mechanism.JUMP))
                .toList();
        return new PatchPlan(plan.version(), plan.target(), plan.mode(), hooks, plan.refused());
    }
}
