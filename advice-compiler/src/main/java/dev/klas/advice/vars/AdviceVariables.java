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

    /** The reads for the user-space hooks of {@code plan}. */
    public static AdviceVariables of(Binary binary, PatchPlan plan, List<Aspect> aspects) throws GenerationException {
        Map<String, Aspect> byName = new HashMap<>();
        aspects.forEach(a -> byName.put(a.name(), a));
        VariableReads reads = new VariableReads(binary, Registers.USERSPACE);
        Map<String, VariableReads.Code> codes = new HashMap<>();
        List<Diagnostic> errors = new ArrayList<>();
        for (PlannedHook h : plan.hooks()) {
            String label = h.symbol() + "+0x" + Long.toHexString(h.offset()) + " (" + h.place().file() + ":"
                    + h.place().line() + ")";
            for (PlannedHook.AspectRef ref : h.aspects()) {
                each(byName.get(ref.name()), AdviceKind.BEFORE, h.vaddr(), label, reads, codes, errors);
            }
            for (PlannedHook.After after : h.after()) {
                Aspect a = byName.get(after.name());
                if (after.when() == PlannedHook.After.When.HERE) {
                    each(a, AdviceKind.AFTER, h.vaddr(), label, reads, codes, errors);
                } else if (a != null) {
                    for (Advice adv : a.advices()) {
                        DollarNames.of(adv).forEach((n, at) -> {
                            if (adv.kind() == AdviceKind.AFTER) {
                                errors.add(new Diagnostic(at, Diagnostic.Severity.ERROR, "$" + n + " in advice-after"
                                        + " at a function's return (" + label + "): klas does not read variables"
                                        + " there (the function's frame is gone); read it in advice-before"));
                            }
                        });
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new GenerationException(dedupe(errors));
        }
        return new AdviceVariables(codes);
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
                each(a, AdviceKind.BEFORE, h.location().address(), label, reads, codes, errors);
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

    private static void each(Aspect aspect, AdviceKind kind, long vaddr, String label, VariableReads reads,
                             Map<String, VariableReads.Code> codes, List<Diagnostic> errors) {
        if (aspect == null) {
            return;
        }
        int index = 0;
        for (Advice adv : aspect.advices()) {
            if (adv.kind() != kind) {
                continue;
            }
            Map<String, SourcePosition> names = DollarNames.of(adv);
            if (!names.isEmpty()) {
                VariableReads.Result r = reads.at(vaddr, names, label);
                if (r instanceof VariableReads.Code c) {
                    codes.put(key(vaddr, aspect.name(), kind, index), c);
                } else {
                    errors.addAll(((VariableReads.Refused) r).diagnostics());
                }
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

    private static String key(long vaddr, String aspect, AdviceKind kind, int index) {
        return Long.toHexString(vaddr) + "/" + aspect + "/" + kind + "/" + index;
    }
}
