package dev.klas.advice.vars;

import dev.klas.advice.Diagnostic;
import dev.klas.advice.GenerationException;
import dev.klas.advice.Hook;
import dev.klas.hooks.plan.PatchPlan;
import dev.klas.hooks.plan.PlannedHook;
import dev.klas.schema.Advice;
import dev.klas.schema.AdviceKind;
import dev.klas.schema.Aspect;
import dev.klas.schema.SourcePosition;
import dev.klas.resolve.joinpoint.Binary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The reads of every {@code $name} of a weave, per hook and advice: an advice that names program variables is
 * compiled once per hook it runs at, each copy reading the variables where they are at that address. Built before
 * any C is written; a name that cannot be read at some hook refuses the weave with every such place listed.
 */
public final class AdviceVariables {
    private final Map<String, VariableReads.Code> codes;

    private AdviceVariables(Map<String, VariableReads.Code> codes) {
        this.codes = codes;
    }

    /** No advice names a variable (or the caller does not read DWARF). */
    public static AdviceVariables none() {
        return new AdviceVariables(Map.of());
    }

    /** Whether {@code advice} names a program variable. */
    public static boolean uses(Advice advice) {
        return !DollarNames.of(advice).isEmpty();
    }

    /**
     * The reads for the user-space hooks of {@code plan}: {@code $name}s, the accessed value ({@code klas_new},
     * {@code klas_old}, {@code klas_value}) and the typed {@code klas_retval} of advice-after at a return.
     */
    public static AdviceVariables of(Binary binary, PatchPlan plan, List<Aspect> aspects) throws GenerationException {
        Map<String, Aspect> byName = new HashMap<>();
        aspects.forEach(a -> byName.put(a.name(), a));
        Context cx = new Context(new VariableReads(binary, Registers.USERSPACE), new AccessValues(binary),
                new ReturnValue(binary), new TargetType(binary), new HashMap<>(), new ArrayList<>());
        for (PlannedHook h : plan.hooks()) {
            String label = h.symbol() + "+0x" + Long.toHexString(h.offset()) + " (" + h.place().file() + ":"
                    + h.place().line() + ")";
            for (PlannedHook.AspectRef ref : h.aspects()) {
                each(byName.get(ref.name()), AdviceKind.BEFORE, h, Optional.empty(), label, cx);
            }
            for (PlannedHook.After after : h.after()) {
                Aspect a = byName.get(after.name());
                if (after.when() == PlannedHook.After.When.HERE) {
                    each(a, AdviceKind.AFTER, h, Optional.empty(), label, cx);
                } else if (a != null) {
                    for (Advice adv : a.advices()) {
                        DollarNames.of(adv).forEach((n, at) -> {
                            if (adv.kind() == AdviceKind.AFTER) {
                                cx.errors().add(new Diagnostic(at, Diagnostic.Severity.ERROR, "$" + n
                                        + " in advice-after at a function's return (" + label + "): klas does not"
                                        + " read variables there (the function's frame is gone); read it in"
                                        + " advice-before"));
                            }
                        });
                    }
                    each(a, AdviceKind.AFTER, h, Optional.of(after.joinPoint()), label, cx);
                }
            }
        }
        if (!cx.errors().isEmpty()) {
            throw new GenerationException(dedupe(cx.errors()));
        }
        return new AdviceVariables(cx.codes());
    }

    /**
     * The reads for kprobes {@code hooks} in {@code binary} (vmlinux or a placed .ko), spelled by {@code registers}
     * ({@link KernelRegisters}). After-advice runs in a kretprobe when the function has returned: its names are
     * refused, as at a function's return in user space.
     */
    public static AdviceVariables ofKernel(Binary binary, List<Hook> hooks, List<Aspect> aspects,
                                           Registers registers) throws GenerationException {
        Map<String, Aspect> byName = new HashMap<>();
        aspects.forEach(a -> byName.put(a.name(), a));
        VariableReads reads = new VariableReads(binary, registers);
        Map<String, VariableReads.Code> codes = new HashMap<>();
        List<Diagnostic> errors = new ArrayList<>();
        for (Hook h : hooks) {
            String label = h.location() + " (" + h.place().file() + ":" + h.place().line() + ")";
            for (String name : h.aspects()) {
                Aspect a = byName.get(name);
                if (a == null) {
                    continue;
                }
                kernelEach(a, h.location().address(), label, reads, codes, errors);
                for (Advice adv : a.advices()) {
                    if (adv.kind() == AdviceKind.AFTER) {
                        DollarNames.of(adv).forEach((n, at) -> errors.add(new Diagnostic(at,
                                Diagnostic.Severity.ERROR, "$" + n + " in advice-after at a function's return ("
                                + label + "): klas does not read variables there (the function's frame is gone);"
                                + " read it in advice-before")));
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new GenerationException(dedupe(errors));
        }
        return new AdviceVariables(codes);
    }

    /** The {@code $name}s of {@code aspect}'s advice-before at a kprobe at {@code vaddr}. */
    private static void kernelEach(Aspect aspect, long vaddr, String label, VariableReads reads,
                                   Map<String, VariableReads.Code> codes, List<Diagnostic> errors) {
        int index = 0;
        for (Advice adv : aspect.advices()) {
            if (adv.kind() != AdviceKind.BEFORE) {
                continue;
            }
            DollarNames.words(adv, AccessValues.NAMES).forEach((n, at) -> errors.add(new Diagnostic(at,
                    Diagnostic.Severity.ERROR, n + " at " + label + ": the linux-kprobes target does not give the"
                    + " accessed value yet (user space does); read the member through a $name instead")));
            Map<String, SourcePosition> names = DollarNames.of(adv);
            if (!names.isEmpty()) {
                VariableReads.Result r = reads.at(vaddr, names, label);
                if (r instanceof VariableReads.Code c) {
                    codes.put(key(vaddr, aspect.name(), AdviceKind.BEFORE, index), c);
                } else {
                    errors.addAll(((VariableReads.Refused) r).diagnostics());
                }
            }
            index++;
        }
    }

    private record Context(VariableReads reads, AccessValues values, ReturnValue returns, TargetType target,
                           Map<String, VariableReads.Code> codes, List<Diagnostic> errors) {
    }

    /** {@code returnOf}: the entry of the function at whose return the advice runs. */
    private static void each(Aspect aspect, AdviceKind kind, PlannedHook hook, Optional<Long> returnOf, String label,
                             Context cx) {
        if (aspect == null) {
            return;
        }
        int index = 0;
        for (Advice adv : aspect.advices()) {
            if (adv.kind() != kind) {
                continue;
            }
            Map<String, SourcePosition> names = returnOf.isPresent() ? Map.of() : DollarNames.of(adv);
            Map<String, SourcePosition> values = DollarNames.words(adv, AccessValues.NAMES);
            Map<String, SourcePosition> retval = kind == AdviceKind.AFTER
                    ? DollarNames.words(adv, Set.of(ReturnValue.NAME)) : Map.of();
            CTypes types = new CTypes();
            List<VariableReads.Declared> declared = new ArrayList<>();
            int errorsBefore = cx.errors().size();
            if (!names.isEmpty()) {
                VariableReads.Result r = cx.reads().at(hook.vaddr(), names, DollarNames.optional(adv), label, types);
                if (r instanceof VariableReads.Code c) {
                    declared.addAll(c.variables());
                } else {
                    cx.errors().addAll(((VariableReads.Refused) r).diagnostics());
                }
            }
            AccessValues.Values accessed = cx.values().at(hook, values, label, types, cx.errors());
            declared.addAll(accessed.declared());
            retval.forEach((n, at) -> {
                if (returnOf.isPresent()) {
                    cx.returns().atReturn(returnOf.get(), at, label, types, cx.errors()).ifPresent(declared::add);
                } else {
                    declared.add(ReturnValue.afterCall());
                }
            });
            if (!DollarNames.words(adv, Set.of(TargetType.NAME)).isEmpty()) {
                cx.target().at(aspect.pointcut(), hook.vaddr(), types).ifPresent(declared::add);
            }
            if (!declared.isEmpty() && cx.errors().size() == errorsBefore) {
                cx.codes().put(key(hook.vaddr(), aspect.name(), kind, index),
                        new VariableReads.Code(declared, types.definitions(), accessed.afterInstruction()));
            }
            index++;
        }
    }

    private static List<Diagnostic> dedupe(List<Diagnostic> errors) {
        return errors.stream().distinct().toList();
    }

    /** The reads of advice {@code index} (counted per kind) of {@code aspect} at the hook at {@code vaddr}. */
    public Optional<VariableReads.Code> at(long vaddr, String aspect, AdviceKind kind, int index) {
        return Optional.ofNullable(codes.get(key(vaddr, aspect, kind, index)));
    }

    /** Whether advice {@code index} of {@code aspect} is compiled once per hook (it reads something there). */
    public boolean perHook(String aspect, AdviceKind kind, int index) {
        String suffix = "/" + aspect + "/" + kind + "/" + index;
        return codes.keySet().stream().anyMatch(k -> k.endsWith(suffix));
    }

    private static String key(long vaddr, String aspect, AdviceKind kind, int index) {
        return Long.toHexString(vaddr) + "/" + aspect + "/" + kind + "/" + index;
    }
}
