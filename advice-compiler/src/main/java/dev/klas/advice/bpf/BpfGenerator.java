package dev.klas.advice.bpf;

import dev.klas.advice.AdviceRequest;
import dev.klas.advice.CNames;
import dev.klas.advice.Diagnostic;
import dev.klas.advice.GenerationException;
import dev.klas.advice.Hook;
import dev.klas.advice.OutputDirectory;
import dev.klas.advice.Templates;
import dev.klas.advice.kprobes.Registers;
import dev.klas.advice.vars.AdviceVariables;
import dev.klas.schema.Advice;
import dev.klas.schema.AdviceKind;
import dev.klas.schema.Aspect;
import dev.klas.schema.PointcutPrinter;
import dev.klas.schema.Pointcuts;
import dev.klas.schema.SourcePosition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code linux-bpf} target: {@code NAME.bpf.c} (one kprobe program per hook, advice inlined behind
 * {@code #line}, so clang reports its errors at the aspect's line), the loader {@code NAME.c} with the fixed
 * {@code klas_loader.h}, and a {@code Makefile} that dumps {@code vmlinux.h} from BTF, compiles with
 * {@code clang -target bpf}, makes a libbpf skeleton and links the loader statically.
 */
public final class BpfGenerator {
    private BpfGenerator() {
    }

    /** The program's source file. */
    public static String program(String name) {
        return name + ".bpf.c";
    }

    /**
     * Renders the files; throws when an aspect cannot become BPF programs (positioned at the aspect or advice).
     *
     * @param btf the kernel's BTF that vmlinux.h is dumped from (the Makefile's default {@code BTF})
     */
    public static Map<String, String> render(AdviceRequest request, Path btf) throws GenerationException {
        List<Diagnostic> problems = new ArrayList<>();
        List<Diagnostic> notes = new ArrayList<>();
        for (Aspect a : request.aspects()) {
            refusals(request, a, problems, notes);
        }
        if (request.hooks().isEmpty() && problems.isEmpty()) {
            problems.add(new Diagnostic(request.aspects().isEmpty() ? new SourcePosition("(request)", 1, 1)
                    : request.aspects().get(0).position(), Diagnostic.Severity.ERROR,
                    "no hooks: nothing for the BPF programs to do"));
        }
        if (!problems.isEmpty()) {
            throw new GenerationException(problems);
        }
        String name = request.moduleName();
        Map<String, Object> ctx = new HashMap<>();
        ctx.put("name", name);
        ctx.put("nameLiteral", CNames.literal(name));
        ctx.put("releaseLiteral", CNames.literal(request.target().kernelRelease().orElse("")));
        ctx.put("targetLiteral", CNames.literal(request.target().object()));
        ctx.put("targetIsModule", request.target().isVmlinux() ? "0" : "1");
        ctx.put("btf", btf.toString());
        ctx.put("aspects", aspects(request));
        ctx.put("hooks", hooks(request));
        ctx.put("sources", sources(request));
        ctx.put("hookCount", request.hooks().size());
        ctx.put("aspectCount", Math.max(1, request.aspects().size()));
        ctx.put("notes", notes.stream().map(d -> comment(d.toString())).toList());
        ctx.put("hasNotes", !notes.isEmpty());
        Map<String, String> files = new LinkedHashMap<>();
        String program = program(name);
        files.put(program, Templates.restoreLines(Templates.template(BpfGenerator.class, "prog.bpf.c.mustache")
                .execute(ctx), program));
        files.put(name + ".c", Templates.template(BpfGenerator.class, "loader.c.mustache").execute(ctx));
        files.put("klas_loader.h", Templates.resource(BpfGenerator.class, "klas_loader.h"));
        files.put("klas_guard.bpf.h", Templates.resource(BpfGenerator.class, "klas_guard.bpf.h"));
        files.put("Makefile", Templates.template(BpfGenerator.class, "Makefile.mustache").execute(ctx));
        return files;
    }

    /** Renders and writes the files into {@code dir} (atomically: a failed run leaves the old state). */
    public static void generate(AdviceRequest request, Path btf, Path dir) throws GenerationException, IOException {
        OutputDirectory.write(dir, render(request, btf));
    }

    /** Text for a C block comment. */
    private static String comment(String text) {
        return text.replace("*/", "* /");
    }

    private static void refusals(AdviceRequest request, Aspect a, List<Diagnostic> problems,
                                 List<Diagnostic> notes) {
        if (Pointcuts.containsSegmentCall(a.pointcut())) {
            problems.add(new Diagnostic(a.position(), Diagnostic.Severity.ERROR, "aspect " + a.name()
                    + ": segment-call(...) is matched by the user-space hook runtime between load segments;"
                    + " the linux-bpf target cannot weave it (use --target userspace)"));
        }
        a.includes().forEach(inc -> KernelHeaders.check(inc).ifPresentOrElse(problems::add, () -> notes.add(
                new Diagnostic(inc.position(), Diagnostic.Severity.NOTE, "#include " + inc.directive()
                        + " not included: vmlinux.h (the kernel's BTF) declares every kernel type"))));
        for (Advice adv : a.advices()) {
            for (Diagnostic d : BpfAdviceCheck.check(adv)) {
                (d.severity() == Diagnostic.Severity.ERROR ? problems : notes).add(d);
            }
            if (AdviceVariables.uses(adv)) {
                problems.add(new Diagnostic(adv.position(), Diagnostic.Severity.ERROR, "program variables ($name)"
                        + " are not read on linux-bpf yet (use linux-kprobes)"));
            }
            if (adv.kind() == AdviceKind.AFTER && request.hooks().stream()
                    .noneMatch(h -> h.entry() && h.aspects().contains(a.name()))) {
                problems.add(new Diagnostic(adv.position(), Diagnostic.Severity.ERROR, "advice-after runs when a"
                        + " function returns: aspect " + a.name() + " has no execution join point"));
            }
        }
    }

    private static List<Map<String, Object>> aspects(AdviceRequest request) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < request.aspects().size(); i++) {
            Aspect a = request.aspects().get(i);
            Map<String, Object> m = new HashMap<>();
            m.put("index", i);
            m.put("nameLiteral", CNames.literal(a.name()));
            m.put("pointcutLiteral", CNames.literal(PointcutPrinter.print(a.pointcut())));
            List<Map<String, Object>> advices = new ArrayList<>();
            for (int k = 0; k < a.advices().size(); k++) {
                Advice adv = a.advices().get(k);
                Map<String, Object> v = new HashMap<>();
                v.put("fn", fn(i, k));
                v.put("line", adv.position().line());
                v.put("fileLiteral", CNames.literal(adv.position().file()));
                v.put("indent", " ".repeat(Math.max(0, adv.position().column() - 1)));
                v.put("code", adv.code());
                v.put("after", adv.kind() == AdviceKind.AFTER);
                advices.add(v);
            }
            m.put("advices", advices);
            out.add(m);
        }
        return out;
    }

    /** Each non-blank line of advice code, trimmed, with its aspect file and line (what the verifier prints). */
    private static List<Map<String, Object>> sources(AdviceRequest request) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Aspect a : request.aspects()) {
            for (Advice adv : a.advices()) {
                String[] lines = adv.code().split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    if (!lines[i].isBlank()) {
                        out.add(Map.of("fileLiteral", CNames.literal(adv.position().file()),
                                "line", adv.position().line() + i, "textLiteral", CNames.literal(lines[i].strip())));
                    }
                }
            }
        }
        return out;
    }

    private static String fn(int aspect, int advice) {
        return "klas_advice_" + aspect + "_" + advice;
    }

    private static List<Map<String, Object>> hooks(AdviceRequest request) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < request.aspects().size(); i++) {
            index.put(request.aspects().get(i).name(), i);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int h = 0; h < request.hooks().size(); h++) {
            Hook hook = request.hooks().get(h);
            Map<String, Object> m = new HashMap<>();
            m.put("index", h);
            m.put("anchorLiteral", CNames.literal(hook.location().anchor()));
            m.put("anchorOffset", "0x" + Long.toHexString(hook.location().anchorOffset()) + "UL");
            String where = hook.location() + " (" + hook.place().file() + ":" + hook.place().line() + ")";
            m.put("whereLiteral", CNames.literal(where));
            m.put("whereComment", where.replace("*/", "* /"));
            m.put("hookSymbolLiteral", CNames.literal(hook.location().symbol()));
            m.put("hookOffset", Long.toString(hook.location().offset()) + "UL");
            m.put("placeLiteral", CNames.literal(hook.place().file() + ":" + hook.place().line() + ":"
                    + hook.place().column()));
            m.put("bytes", hook.original().cBytes());
            m.put("known", hook.original().cKnown());
            m.put("length", hook.original().length());
            m.put("accessExpr", hook.access().map(Registers::accessAddress).orElse("NULL"));
            m.put("targetExpr", hook.access().map(Registers::target).orElse("NULL"));
            List<Map<String, Object>> calls = new ArrayList<>();
            List<Map<String, Object>> rets = new ArrayList<>();
            for (String aspect : hook.aspects()) {
                int a = index.get(aspect);
                List<Advice> advices = request.aspects().get(a).advices();
                for (int k = 0; k < advices.size(); k++) {
                    Map<String, Object> call = new HashMap<>();
                    call.put("aspectIndex", a);
                    call.put("fn", fn(a, k));
                    call.put("fileLiteral", CNames.literal(hook.place().file()));
                    call.put("line", hook.place().line());
                    call.put("column", hook.place().column());
                    call.put("functionLiteral", CNames.literal(hook.place().function()));
                    call.put("hookSymbolLiteral", CNames.literal(hook.location().symbol()));
                    call.put("hookOffset", "0x" + Long.toHexString(hook.location().offset()) + "UL");
                    if (advices.get(k).kind() == AdviceKind.BEFORE) {
                        calls.add(call);
                    } else if (hook.entry()) {
                        rets.add(call);
                    }
                }
            }
            m.put("calls", calls);
            m.put("rets", rets);
            m.put("hasRet", !rets.isEmpty());
            out.add(m);
        }
        return out;
    }
}
