package dev.klas.advice.kprobes;

import dev.klas.advice.AdviceRequest;
import dev.klas.advice.CNames;
import dev.klas.advice.Diagnostic;
import dev.klas.advice.Includes;
import dev.klas.advice.GenerationException;
import dev.klas.advice.Hook;
import dev.klas.advice.OutputDirectory;
import dev.klas.advice.Templates;
import dev.klas.advice.vars.AdviceVariables;
import dev.klas.advice.vars.MemberChains;
import dev.klas.advice.vars.VariableReads;
import dev.klas.schema.Advice;
import dev.klas.schema.AdviceKind;
import dev.klas.schema.Aspect;
import dev.klas.schema.PointcutPrinter;
import dev.klas.schema.Pointcuts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code linux-kprobes} target: an advice module's {@code advice.c}, {@code klas_runtime.h} and Kbuild
 * {@code Makefile}, rendered from the templates beside this class (see README.md for their variables). Every name
 * and path reaches C as an escaped literal or a sanitized identifier ({@link CNames}); advice code goes in verbatim
 * behind a {@code #line} directive, so gcc reports its errors at the aspect file's line and column.
 */
public final class KprobesGenerator {
    public static final String SOURCE = "advice.c";
    /** Names a module parameter must not take: C keywords and kernel macros that module_param would expand. */
    private static final Set<String> RESERVED = Set.of("auto", "break", "case", "char", "const", "continue",
            "default", "do", "double", "else", "enum", "extern", "float", "for", "goto", "if", "inline", "int",
            "long", "register", "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch",
            "typedef", "union", "unsigned", "void", "volatile", "while", "current", "jiffies", "likely", "unlikely",
            "NULL", "true", "false", "bool");
    /** The module's own parameters (klas_runtime.h, klas_log.h, klas_guard.h): no aspect's switch may take them. */
    private static final Set<String> MODULE_PARAMS = Set.of("partial", "printk", "log_kb", "guard_ms",
            "guard_window_ms");

    private KprobesGenerator() {
    }

    /** Renders the module's files; throws when an aspect cannot be turned into kprobes (positioned at the aspect). */
    public static Map<String, String> render(AdviceRequest request) throws GenerationException {
        return render(request, AdviceVariables.none());
    }

    /**
     * Renders the module's files; an advice that names program variables ({@code $name}) is rendered once per hook
     * it runs at, with the reads of {@code vars} there and its member chains read through
     * {@code copy_from_kernel_nofault} ({@link MemberChains}).
     */
    public static Map<String, String> render(AdviceRequest request, AdviceVariables vars) throws GenerationException {
        List<Diagnostic> problems = new ArrayList<>();
        for (Aspect a : request.aspects()) {
            if (Pointcuts.containsSegmentCall(a.pointcut())) {
                problems.add(new Diagnostic(a.position(), Diagnostic.Severity.ERROR, "aspect " + a.name()
                        + ": segment-call(...) is matched by the user-space hook runtime between load segments;"
                        + " the linux-kprobes target cannot weave it (use --target userspace)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new GenerationException(problems);
        }
        if (request.hooks().isEmpty()) {
            throw new GenerationException(List.of(new Diagnostic(request.aspects().isEmpty()
                    ? new dev.klas.schema.SourcePosition("(request)", 1, 1) : request.aspects().get(0).position(),
                    Diagnostic.Severity.ERROR, "no hooks: nothing for the advice module to do")));
        }
        Map<String, Integer> aspectIndex = new HashMap<>();
        List<Map<String, Object>> aspects = aspects(request, aspectIndex, problems, vars);
        if (!problems.isEmpty()) {
            throw new GenerationException(problems);
        }
        Map<String, Object> ctx = new HashMap<>();
        ctx.put("module", request.moduleName());
        ctx.put("moduleLiteral", CNames.literal(request.moduleName()));
        ctx.put("releaseLiteral", CNames.literal(request.target().kernelRelease().orElse("")));
        ctx.put("targetLiteral", CNames.literal(request.target().object()));
        ctx.put("targetIsModule", request.target().isVmlinux() ? "0" : "1");
        ctx.put("includes", includes(request));
        ctx.put("typeIncludes", vars.targetIncludes());
        ctx.put("aspects", aspects);
        ctx.put("hooks", hooks(request, aspectIndex, vars));
        ctx.put("hasVars", request.aspects().stream().anyMatch(a -> a.advices().stream()
                .anyMatch(AdviceVariables::usesData)));
        ctx.put("sections", vars.moduleSections().stream().map(s -> Map.of(
                "sectionLiteral", CNames.literal(s.section()),
                "symbolLiteral", CNames.literal(request.target().object() + ":" + s.symbol()),
                "offset", "0x" + Long.toHexString(s.offset()))).toList());
        ctx.put("sectionCount", vars.moduleSections().size());
        ctx.put("hookCount", request.hooks().size());
        ctx.put("aspectCount", Math.max(1, aspects.size()));
        Map<String, String> files = new LinkedHashMap<>();
        files.put(SOURCE, Templates.restoreLines(Templates.template(KprobesGenerator.class, "advice.c.mustache").execute(ctx), SOURCE));
        for (String header : List.of("klas_runtime.h", "klas_log.h", "klas_guard.h")) {
            files.put(header, Templates.resource(KprobesGenerator.class, header));
        }
        files.put("Makefile", Templates.template(KprobesGenerator.class, "Makefile.mustache").execute(ctx));
        return files;
    }

    /** Renders and writes the module's files into {@code dir} (atomically: a failed run leaves the old state). */
    public static void generate(AdviceRequest request, Path dir) throws GenerationException, IOException {
        generate(request, AdviceVariables.none(), dir);
    }

    /** {@link #generate(AdviceRequest, Path)} with the reads of the advices' {@code $name}s. */
    public static void generate(AdviceRequest request, AdviceVariables vars, Path dir)
            throws GenerationException, IOException {
        OutputDirectory.write(dir, render(request, vars));
    }

    private static List<Map<String, Object>> aspects(AdviceRequest request, Map<String, Integer> index,
                                                     List<Diagnostic> problems, AdviceVariables vars) {
        List<String> names = new ArrayList<>();
        request.aspects().forEach(a -> names.add(RESERVED.contains(CNames.identifier(a.name()))
                || MODULE_PARAMS.contains(CNames.identifier(a.name())) ? a.name() + "_aspect" : a.name()));
        List<String> params = CNames.identifiers(names);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < request.aspects().size(); i++) {
            Aspect a = request.aspects().get(i);
            index.put(a.name(), i);
            Map<String, Object> m = new HashMap<>();
            m.put("index", i);
            m.put("module", request.moduleName());
            m.put("param", params.get(i));
            m.put("nameLiteral", CNames.literal(a.name()));
            m.put("pointcutLiteral", CNames.literal(PointcutPrinter.print(a.pointcut())));
            List<Map<String, Object>> advices = new ArrayList<>();
            int[] perKind = new int[2];
            for (int k = 0; k < a.advices().size(); k++) {
                Advice adv = a.advices().get(k);
                int kindIndex = perKind[adv.kind() == AdviceKind.AFTER ? 1 : 0]++;
                if (adv.kind() == AdviceKind.AFTER && request.hooks().stream()
                        .noneMatch(h -> h.entry() && h.aspects().contains(a.name()))) {
                    problems.add(new Diagnostic(adv.position(), Diagnostic.Severity.ERROR, "advice-after runs when a"
                            + " function returns: aspect " + a.name() + " has no execution join point"));
                    continue;
                }
                Map<String, Object> v = new HashMap<>();
                v.put("aspectIndex", i);
                v.put("index", advices.size());
                v.put("line", adv.position().line());
                v.put("fileLiteral", CNames.literal(adv.position().file()));
                v.put("indent", " ".repeat(Math.max(0, adv.position().column() - 1)));
                v.put("code", adv.code());
                v.put("after", adv.kind() == AdviceKind.AFTER);
                v.put("targetType", vars.targetType(a.name()));
                v.put("retType", "unsigned long");
                v.put("copies", copies(request, a, adv, k, kindIndex, vars, problems));
                advices.add(v);
            }
            m.put("advices", advices);
            m.put("adviceCount", advices.size());
            out.add(m);
        }
        return out;
    }

    /**
     * The C functions of advice {@code k} of {@code aspect}: one ({@code klas_advice_A_K}) when it names no variable,
     * else one per hook with reads there ({@code klas_advice_A_K_hH}).
     */
    private static List<Map<String, Object>> copies(AdviceRequest request, Aspect aspect, Advice adv, int k,
                                                    int kindIndex, AdviceVariables vars, List<Diagnostic> problems) {
        String base = "klas_advice_" + request.aspects().indexOf(aspect) + "_" + k;
        if (adv.kind() == AdviceKind.AFTER) {
            List<Map<String, Object>> typed = new ArrayList<>();
            for (int h = 0; h < request.hooks().size(); h++) {
                Optional<String> ret = vars.retvalType(request.hooks().get(h).location().address(), aspect.name(),
                        kindIndex);
                if (ret.isPresent()) {
                    typed.add(Map.of("fn", base + "_h" + h, "code", adv.code(), "retType", ret.get()));
                }
            }
            if (!typed.isEmpty()) {
                return typed;
            }
        }
        if (!AdviceVariables.usesData(adv)) {
            return List.of(Map.of("fn", base, "code", adv.code()));
        }
        problems.addAll(MemberChains.rewrite(adv).errors());
        List<Map<String, Object>> out = new ArrayList<>();
        for (int h = 0; h < request.hooks().size(); h++) {
            Hook hook = request.hooks().get(h);
            Optional<VariableReads.Code> reads = vars.at(hook.location().address(), aspect.name(), adv.kind(),
                    kindIndex);
            if (reads.isPresent()) {
                MemberChains.Rewritten code = MemberChains.rewrite(adv, vars.bitFields(hook.location().address(),
                        aspect.name(), kindIndex));
                out.add(Map.of("fn", base + "_h" + h, "code", code.code(), "vars", List.of(Map.of(
                        "hook", h, "address", "0x" + Long.toHexString(hook.location().address()),
                        "definitions", reads.get().definitions(), "variables", reads.get().variables()))));
            }
        }
        if (out.isEmpty() && request.hooks().stream().anyMatch(hk -> hk.aspects().contains(aspect.name()))) {
            problems.add(new Diagnostic(adv.position(), Diagnostic.Severity.ERROR, "this advice names program"
                    + " variables ($name), which are read only when klas weaves with the binary's DWARF"));
        }
        return out;
    }

    /** The function that runs advice {@code k} of aspect {@code a} (name {@code aspect}) at hook {@code h}. */
    private static String fn(AdviceRequest request, AdviceVariables vars, int a, int k, int h) {
        Aspect aspect = request.aspects().get(a);
        Advice adv = aspect.advices().get(k);
        String base = "klas_advice_" + a + "_" + k;
        if (adv.kind() == AdviceKind.AFTER && vars.retvalType(request.hooks().get(h).location().address(),
                aspect.name(), kindIndex(aspect, k)).isPresent()) {
            return base + "_h" + h;
        }
        if (!AdviceVariables.usesData(adv)) {
            return base;
        }
        return vars.at(request.hooks().get(h).location().address(), aspect.name(), adv.kind(), kindIndex(aspect, k))
                .isPresent() ? base + "_h" + h : base;
    }

    /** Advice {@code k} of {@code aspect} counted among the advices of its kind. */
    private static int kindIndex(Aspect aspect, int k) {
        int index = 0;
        for (int i = 0; i < k; i++) {
            index += aspect.advices().get(i).kind() == aspect.advices().get(k).kind() ? 1 : 0;
        }
        return index;
    }

    private static List<Map<String, Object>> hooks(AdviceRequest request, Map<String, Integer> aspectIndex,
                                                   AdviceVariables vars) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int h = 0; h < request.hooks().size(); h++) {
            Hook hook = request.hooks().get(h);
            Map<String, Object> m = new HashMap<>();
            m.put("index", h);
            String symbol = request.target().isVmlinux() ? hook.location().anchor()
                    : request.target().object() + ":" + hook.location().anchor();
            m.put("symbolLiteral", CNames.literal(symbol));
            m.put("offset", "0x" + Long.toHexString(hook.location().anchorOffset()));
            m.put("whereLiteral", CNames.literal(hook.location() + " (" + hook.place().file() + ":"
                    + hook.place().line() + ")"));
            m.put("bytes", hook.original().cBytes());
            m.put("known", hook.original().cKnown());
            m.put("length", hook.original().length());
            m.put("accessExpr", hook.access().map(Registers::accessAddress).orElse("NULL"));
            m.put("targetExpr", hook.access().map(Registers::target).orElse("NULL"));
            List<Map<String, Object>> jps = new ArrayList<>();
            List<Map<String, Object>> calls = new ArrayList<>();
            List<Map<String, Object>> posts = new ArrayList<>();
            List<Map<String, Object>> rets = new ArrayList<>();
            for (String name : hook.aspects()) {
                int a = aspectIndex.get(name);
                Map<String, Object> jp = new HashMap<>();
                jp.put("aspectIndex", a);
                jp.put("fileLiteral", CNames.literal(hook.place().file()));
                jp.put("line", hook.place().line());
                jp.put("column", hook.place().column());
                jp.put("functionLiteral", CNames.literal(hook.place().function()));
                jp.put("hookSymbolLiteral", CNames.literal(hook.location().symbol()));
                jp.put("hookOffset", "0x" + Long.toHexString(hook.location().offset()));
                int slot = jps.size();
                jps.add(jp);
                List<Advice> advices = request.aspects().get(a).advices();
                for (int k = 0; k < advices.size(); k++) {
                    Map<String, Object> call = Map.of("aspectIndex", a, "fn", fn(request, vars, a, k, h),
                            "hookIndex", h, "slot", slot);
                    if (advices.get(k).kind() == AdviceKind.BEFORE && vars.afterInstruction(
                            hook.location().address(), name, kindIndex(request.aspects().get(a), k))) {
                        posts.add(call);
                    } else if (advices.get(k).kind() == AdviceKind.BEFORE) {
                        calls.add(call);
                    } else if (hook.entry()) {
                        rets.add(call);
                    }
                }
            }
            m.put("jps", jps);
            m.put("calls", calls);
            m.put("rets", rets);
            m.put("hasRet", !rets.isEmpty());
            m.put("posts", posts);
            m.put("hasPost", !posts.isEmpty());
            m.put("kept", vars.keptBytes(hook.location().address()));
            out.add(m);
        }
        return out;
    }

    private static List<Map<String, Object>> includes(AdviceRequest request) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Aspect a : request.aspects()) {
            Includes.add(a, out);
        }
        return out;
    }
}
