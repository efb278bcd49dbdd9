package dev.klas.advice.userspace;

import dev.klas.advice.CNames;
import dev.klas.advice.Diagnostic;
import dev.klas.advice.vars.AdviceVariables;
import dev.klas.advice.vars.VariableReads;
import dev.klas.advice.Includes;
import dev.klas.advice.GenerationException;
import dev.klas.advice.Templates;
import dev.klas.hooks.plan.Displaced;
import dev.klas.hooks.plan.Mechanism;
import dev.klas.hooks.plan.PatchPlan;
import dev.klas.hooks.plan.PlannedHook;
import dev.klas.schema.Advice;
import dev.klas.schema.AdviceKind;
import dev.klas.schema.Aspect;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code userspace} target's C: {@code woven.c} from {@code woven.c.mustache}, one function per advice body
 * (verbatim behind {@code #line}, so gcc reports its errors at the aspect's line and column), the joinpoints, and
 * the site table of klas_runtime.h. Names, pointcuts and paths reach C only as {@link CNames} literals.
 */
public final class UserspaceGenerator {
    public static final String SOURCE = "woven.c";
    /**
     * Advice naming one of these needs the register-file stub; other lean advice takes the light stub, with the
     * register file when it reads $name variables.
     */
    private static final Pattern REGISTERS = Pattern.compile(
            "\\b(klas_regs|klas_access_addr|klas_target|klas_new|klas_old|klas_value|regs)\\b");

    /** The suffix of an advice's klas_regs_advice wrapper, for a KLAS_SITE_VARREGS site. */
    private static final String REGS_WRAPPER = "_r";

    /** Names klas_runtime.h defines as macros that a per-hook advice declares typed instead. */
    private static final java.util.Set<String> MACROS = java.util.Set.of("klas_retval", "klas_target");

    private UserspaceGenerator() {
    }

    /**
     * Renders woven.c. {@code lean}: advice compiled general-regs-only and jump sites on the lean path; else the
     * jump sites save vector state.
     */
    public static String render(PatchPlan plan, List<Aspect> aspects, boolean lean) throws GenerationException {
        return render(plan, aspects, lean, AdviceVariables.none());
    }

    /**
     * Renders woven.c; an advice that names program variables ({@code $name}) is rendered once per hook it runs at,
     * with the reads of {@code vars} at that hook.
     */
    public static String render(PatchPlan plan, List<Aspect> aspects, boolean lean, AdviceVariables vars)
            throws GenerationException {
        Map<String, Integer> index = new HashMap<>();
        List<Map<String, Object>> advices = new ArrayList<>();
        List<Map<String, Object>> includes = new ArrayList<>();
        int[] counts = new int[aspects.size()];
        int[] afterCounts = new int[aspects.size()];
        boolean[] registers = new boolean[aspects.size()];
        boolean[] reads = new boolean[aspects.size()];
        for (int a = 0; a < aspects.size(); a++) {
            Aspect aspect = aspects.get(a);
            index.put(aspect.name(), a);
            Includes.add(aspect, includes);
            for (Advice adv : aspect.advices()) {
                boolean after = adv.kind() == AdviceKind.AFTER;
                int k = after ? afterCounts[a] : counts[a];
                boolean named = AdviceVariables.uses(adv) || vars.perHook(aspect.name(), adv.kind(), k);
                registers[a] |= REGISTERS.matcher(adv.code()).find();
                reads[a] |= named;
                Map<String, Object> v = new HashMap<>();
                v.put("aspectIndex", a);
                v.put("index", after ? afterCounts[a]++ : counts[a]++);
                v.put("kind", after ? "after" : "advice");
                v.put("after", after);
                v.put("lean", lean ? "KLAS_LEAN " : "");
                v.put("line", adv.position().line());
                v.put("fileLiteral", CNames.literal(adv.position().file()));
                v.put("indent", " ".repeat(Math.max(0, adv.position().column() - 1)));
                v.put("code", adv.code());
                v.put("fn", "klas_" + v.get("kind") + "_" + a + "_" + v.get("index"));
                v.put("named", named);
                v.put("adviceKind", adv.kind());
                v.put("aspectName", aspect.name());
                v.put("advice", adv);
                advices.add(v);
            }
        }
        Map<String, Object> ctx = new HashMap<>();
        ctx.put("targetComment", comment(plan.target().path()));
        ctx.put("includes", includes);
        java.util.Set<String> named = new java.util.HashSet<>();
        advices.stream().filter(v -> (Boolean) v.get("named")).forEach(v -> named.add((String) v.get("fn")));
        Stubs stubs = new Stubs(registers, reads, aspects.stream().map(Aspect::name).toList(), vars);
        List<Map<String, Object>> hooks = hooks(plan, index, counts, afterCounts, stubs, lean, named, vars, aspects);
        ctx.put("hooks", hooks);
        ctx.put("advices", perHook(plan, advices, vars, hooks));
        ctx.put("matchLiteral", CNames.literal(plan.target().match()));
        byte[] id = HexFormat.of().parseHex(plan.target().buildId());
        ctx.put("buildId", id.length == 0 ? "0" : bytes(id));
        ctx.put("buildIdLength", id.length);
        return Templates.restoreLines(Templates.template(UserspaceGenerator.class, "woven.c.mustache").execute(ctx),
                SOURCE);
    }

    private static List<Map<String, Object>> hooks(PatchPlan plan, Map<String, Integer> index, int[] counts,
                                                   int[] afterCounts, Stubs stubs, boolean lean,
                                                   java.util.Set<String> named, AdviceVariables vars,
                                                   List<Aspect> aspects) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int h = 0; h < plan.hooks().size(); h++) {
            PlannedHook hook = plan.hooks().get(h);
            Map<String, Object> m = new HashMap<>();
            m.put("index", h);
            m.put("whereComment", comment(hook.symbol() + "+0x" + Long.toHexString(hook.offset()) + " "
                    + hook.place().file() + ":" + hook.place().line()));
            m.put("address", "0x" + Long.toHexString(hook.vaddr()));
            m.put("orig", bytes(hook.original()));
            m.put("origLen", hook.original().length);
            m.put("mechanism", hook.mechanism() == Mechanism.JUMP ? "KLAS_JUMP" : "KLAS_INT3");
            m.put("insnCount", hook.insns().size());
            List<String> insns = new ArrayList<>();
            for (Displaced d : hook.insns()) {
                insns.add("{ " + d.length() + ", " + d.rel32At() + " }");
            }
            m.put("insns", String.join(", ", insns));
            m.put("hasAccess", hook.access().isPresent() ? 1 : 0);
            m.put("access", hook.access().map(a -> a.base() + ", " + a.index() + ", " + a.scale() + ", "
                    + (a.ripRelative() ? 1 : 0) + ", " + a.disp() + ", " + a.size()).orElse("-1, -1, 1, 0, 0, 0"));
            m.put("memberOffset", hook.access().map(PlannedHook.Access::memberOffset).orElse(0L));
            List<Map<String, Object>> jps = new ArrayList<>();
            List<Map<String, Object>> calls = new ArrayList<>();
            List<Map<String, Object>> afterCalls = new ArrayList<>();
            for (PlannedHook.After after : hook.after()) {
                int a = index.get(after.name());
                int slot = jps.size();
                jps.add(jp(h, slot, after.name(), after.pointcut(), after.place(), after.joinPoint(), hook.symbol(),
                        after.joinPoint() - (hook.vaddr() - hook.offset())));
                List<Map<String, Object>> into = after.when() == PlannedHook.After.When.HERE ? calls : afterCalls;
                for (int k = 0; k < afterCounts[a]; k++) {
                    into.add(new HashMap<>(Map.of("hookIndex", h, "slot", slot, "aspectIndex", a,
                            "fn", fn("after", a, k, h, named))));
                }
            }
            List<Map<String, Object>> postCalls = new ArrayList<>();
            for (PlannedHook.AspectRef ref : hook.aspects()) {
                int a = index.get(ref.name());
                int slot = jps.size();
                jps.add(jp(h, slot, ref.name(), ref.pointcut(), hook.place(), hook.vaddr(), hook.symbol(),
                        hook.offset()));
                for (int k = 0; k < counts[a]; k++) {
                    boolean post = vars.at(hook.vaddr(), aspects.get(a).name(), AdviceKind.BEFORE, k)
                            .filter(VariableReads.Code::afterInstruction).isPresent();
                    (post ? postCalls : calls).add(new HashMap<>(Map.of("hookIndex", h, "slot", slot,
                            "aspectIndex", a, "index", k, "fn", fn("advice", a, k, h, named))));
                }
            }
            /* after-advice reads klas_regs->rax and writes klas_retval, post advice runs after the instruction: the
             * register-file stub */
            Stubs.Light light = hook.mechanism() == Mechanism.JUMP && lean && hook.after().isEmpty()
                    && postCalls.isEmpty() ? stubs.of(hook.vaddr(), calls) : Stubs.Light.NONE;
            m.put("flags", flags(hook, lean, light));
            m.put("varregs", light.varregs());
            for (Map<String, Object> call : calls) {
                String fn = (String) call.get("fn");
                call.put("entry", !light.varregs() ? fn : "KLAS_REGS_ADVICE(" + fn + (named.contains(base(fn)) ? ""
                        : REGS_WRAPPER) + ")");
            }
            m.put("jps", jps);
            m.put("calls", calls);
            m.put("hasCalls", !calls.isEmpty());
            m.put("afterCalls", afterCalls);
            m.put("hasAfter", !afterCalls.isEmpty());
            m.put("postCalls", postCalls);
            m.put("hasPost", !postCalls.isEmpty());
            out.add(m);
        }
        return out;
    }

    /**
     * The advice functions: one per advice that names no variable, and for one that does, one per hook it runs at
     * ({@code klas_advice_A_K_hH}) with that hook's reads.
     */
    private static List<Map<String, Object>> perHook(PatchPlan plan, List<Map<String, Object>> advices,
                                                     AdviceVariables vars, List<Map<String, Object>> hooks)
            throws GenerationException {
        java.util.Set<String> atVarregs = new java.util.HashSet<>();
        for (Map<String, Object> hook : hooks) {
            if ((Boolean) hook.get("varregs")) {
                for (Object call : (List<?>) hook.get("calls")) {
                    atVarregs.add((String) ((Map<?, ?>) call).get("fn"));
                }
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> adv : advices) {
            if (!(Boolean) adv.get("named")) {
                Map<String, Object> copy = new HashMap<>(adv);
                copy.put("wrapped", atVarregs.contains((String) adv.get("fn")));
                copy.put("wrapper", adv.get("fn") + REGS_WRAPPER);
                out.add(copy);
                continue;
            }
            boolean found = plan.hooks().isEmpty();
            for (int h = 0; h < plan.hooks().size(); h++) {
                PlannedHook hook = plan.hooks().get(h);
                Optional<VariableReads.Code> code = vars.at(hook.vaddr(), (String) adv.get("aspectName"),
                        (AdviceKind) adv.get("adviceKind"), (Integer) adv.get("index"));
                if (code.isEmpty()) {
                    continue;
                }
                Map<String, Object> copy = new HashMap<>(adv);
                copy.put("fn", adv.get("fn") + "_h" + h);
                copy.put("regsParam", atVarregs.contains((String) copy.get("fn")));
                copy.put("vars", List.of(Map.of("definitions", code.get().definitions(),
                        "variables", code.get().variables(), "macros", code.get().variables().stream()
                                .map(VariableReads.Declared::name).filter(MACROS::contains).toList())));
                out.add(copy);
                found = true;
            }
            if (!found) {
                Advice a = (Advice) adv.get("advice");
                throw new GenerationException(List.of(new Diagnostic(a.position(), Diagnostic.Severity.ERROR,
                        "this advice names program variables ($name), which are read only when klas weaves with the"
                        + " binary's DWARF")));
            }
        }
        return out;
    }

    /** {@code klas_advice_A_K_hH}'s {@code klas_advice_A_K}. */
    private static String base(String fn) {
        int h = fn.lastIndexOf("_h");
        return h < 0 ? fn : fn.substring(0, h);
    }

    /** The function that runs advice {@code k} of aspect {@code a} at hook {@code h}. */
    private static String fn(String kind, int a, int k, int h, java.util.Set<String> named) {
        String base = "klas_" + kind + "_" + a + "_" + k;
        return named.contains(base) ? base + "_h" + h : base;
    }

    private static String flags(PlannedHook hook, boolean lean, Stubs.Light light) {
        List<String> flags = new ArrayList<>();
        if (hook.mechanism() == Mechanism.JUMP && !lean) {
            flags.add("KLAS_SITE_VECTOR");
        }
        if (hook.entry()) {
            flags.add("KLAS_SITE_ENTRY");
        }
        if (light != Stubs.Light.NONE) {
            flags.add(light.flag());
        }
        return flags.isEmpty() ? "0" : String.join(" | ", flags);
    }

    private static Map<String, Object> jp(int hook, int slot, String aspect, String pointcut, PlannedHook.Place place,
                                          long address, String symbol, long offset) {
        Map<String, Object> jp = new HashMap<>();
        jp.put("hookIndex", hook);
        jp.put("slot", slot);
        jp.put("aspectLiteral", CNames.literal(aspect));
        jp.put("pointcutLiteral", CNames.literal(pointcut));
        jp.put("fileLiteral", CNames.literal(place.file()));
        jp.put("functionLiteral", CNames.literal(place.function()));
        jp.put("line", place.line());
        jp.put("column", place.column());
        jp.put("address", "0x" + Long.toHexString(address));
        jp.put("symbolLiteral", CNames.literal(symbol));
        jp.put("offset", "0x" + Long.toHexString(offset));
        return jp;
    }

    /** Text safe inside a C comment: letters, digits and {@code _ . + : / -}; anything else becomes {@code ?}. */
    static String comment(String s) {
        return s.replaceAll("[^A-Za-z0-9_.+:/ -]", "?");
    }

    private static String bytes(byte[] b) {
        List<String> out = new ArrayList<>();
        for (byte x : b) {
            out.add(String.format("0x%02x", x & 0xff));
        }
        return String.join(", ", out);
    }
}
