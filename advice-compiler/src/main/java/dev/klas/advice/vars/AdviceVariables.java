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
import dev.klas.resolve.dwarf.Die;
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
    private final Map<String, Integer> after;
    /** linux-kprobes: klas_target's type per aspect, klas_retval's per after-advice at a return, notes. */
    private final Map<String, KernelTypes.Target> targets;
    private final Map<String, String> retvals;
    private final List<Diagnostic> notes;
    /** linux-kprobes on a .ko: the module's sections the reads' addresses lie in ({@link ModuleSections}). */
    private final List<ModuleSections.Anchor> sections;
    /** linux-kprobes: the DWARF types of the {@code $name}s of each advice at each hook (bit-field chains). */
    private final Map<String, Map<String, Optional<Die>>> types;

    private AdviceVariables(Map<String, VariableReads.Code> codes, Map<String, Integer> after) {
        this(codes, after, Map.of(), Map.of(), List.of(), List.of(), Map.of());
    }

    private AdviceVariables(Map<String, VariableReads.Code> codes, Map<String, Integer> after,
                            Map<String, KernelTypes.Target> targets, Map<String, String> retvals,
                            List<Diagnostic> notes, List<ModuleSections.Anchor> sections,
                            Map<String, Map<String, Optional<Die>>> types) {
        this.types = types;
        this.codes = codes;
        this.after = after;
        this.targets = targets;
        this.retvals = retvals;
        this.notes = notes;
        this.sections = sections;
    }

    /** No advice names a variable (or the caller does not read DWARF). */
    public static AdviceVariables none() {
        return new AdviceVariables(Map.of(), Map.of());
    }

    /**
     * Whether {@code advice} names a typed part of the kprobes advice context: {@code klas_target}, or
     * {@code klas_retval} in advice-after.
     */
    public static boolean usesContext(Advice advice) {
        return !DollarNames.words(advice, Set.of(TargetType.NAME)).isEmpty() || (advice.kind() == AdviceKind.AFTER
                && !DollarNames.words(advice, Set.of(ReturnValue.NAME)).isEmpty());
    }

    /** Whether {@code advice} names a program variable. */
    public static boolean uses(Advice advice) {
        return !DollarNames.of(advice).isEmpty();
    }

    /** Whether {@code advice} names a program variable or the accessed value ({@code klas_new} and the others). */
    public static boolean usesData(Advice advice) {
        return uses(advice) || !DollarNames.words(advice, AccessValues.NAMES).isEmpty();
    }

    /**
     * The reads for the user-space hooks of {@code plan}: {@code $name}s, the accessed value ({@code klas_new},
     * {@code klas_old}, {@code klas_value}) and the typed {@code klas_retval} of advice-after at a return.
     */
    public static AdviceVariables of(Binary binary, PatchPlan plan, List<Aspect> aspects) throws GenerationException {
        Map<String, Aspect> byName = new HashMap<>();
        aspects.forEach(a -> byName.put(a.name(), a));
        Context cx = new Context(new VariableReads(binary, Registers.USERSPACE), new AccessValues(binary, Registers.USERSPACE),
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
        return new AdviceVariables(cx.codes(), Map.of());
    }

    /**
     * The reads for kprobes {@code hooks} in {@code binary} (vmlinux or a placed .ko), spelled by {@code registers}
     * ({@link KernelRegisters}): {@code $name}s and the accessed value. An advice that names {@code klas_new} at a
     * read-modify-write runs after the instruction, in the kprobe's post_handler ({@link #afterInstruction}).
     * After-advice runs in a kretprobe when the function has returned: its names are refused, as at a function's
     * return in user space.
     */
    public static AdviceVariables ofKernel(Binary binary, List<Hook> hooks, List<Aspect> aspects,
                                           Registers registers) throws GenerationException {
        Map<String, Aspect> byName = new HashMap<>();
        aspects.forEach(a -> byName.put(a.name(), a));
        Kernel k = new Kernel(new VariableReads(binary, registers), new AccessValues(binary, registers),
                new HashMap<>(), new HashMap<>(), new ArrayList<>(), new HashMap<>());
        KernelTypes types = new KernelTypes(binary);
        Map<String, KernelTypes.Target> targets = new HashMap<>();
        Map<String, String> retvals = new HashMap<>();
        List<Diagnostic> notes = new ArrayList<>();
        for (Hook h : hooks) {
            String label = h.location() + " (" + h.place().file() + ":" + h.place().line() + ")";
            for (String name : h.aspects()) {
                Aspect a = byName.get(name);
                if (a == null) {
                    continue;
                }
                kernelEach(a, h, label, k);
                if (!targets.containsKey(name) && a.advices().stream().anyMatch(adv -> !DollarNames.words(adv,
                        Set.of(TargetType.NAME)).isEmpty())) {
                    KernelTypes.Target t = types.target(a.pointcut(), h.location().address());
                    targets.put(name, t);
                    t.note().ifPresent(n -> notes.add(new Diagnostic(a.position(), Diagnostic.Severity.NOTE,
                            "aspect " + name + ": " + n)));
                }
                int afterIndex = 0;
                for (Advice adv : a.advices()) {
                    if (adv.kind() != AdviceKind.AFTER) {
                        continue;
                    }
                    Map<String, SourcePosition> ret = DollarNames.words(adv, Set.of(ReturnValue.NAME));
                    if (h.entry() && !ret.isEmpty()) {
                        int index = afterIndex;
                        types.returnType(h.location().address(), ret.values().iterator().next(), label, k.errors())
                                .ifPresent(t -> retvals.put(key(h.location().address(), name, AdviceKind.AFTER,
                                        index), t));
                    }
                    afterIndex++;
                }
                for (Advice adv : a.advices()) {
                    if (adv.kind() == AdviceKind.AFTER) {
                        DollarNames.of(adv).forEach((n, at) -> k.errors().add(new Diagnostic(at,
                                Diagnostic.Severity.ERROR, "$" + n + " in advice-after at a function's return ("
                                + label + "): klas does not read variables there (the function's frame is gone);"
                                + " read it in advice-before")));
                    }
                }
            }
        }
        if (!k.errors().isEmpty()) {
            throw new GenerationException(dedupe(k.errors()));
        }
        return new AdviceVariables(k.codes(), k.after(), targets, retvals, notes,
                registers instanceof KernelRegisters kr ? kr.sections() : List.of(), k.types());
    }

    /**
     * linux-kprobes on a .ko: the target module's sections whose run-time start the advice module finds at load, in
     * the slot order of {@code klas_section_base} in the reads.
     */
    public List<ModuleSections.Anchor> moduleSections() {
        return sections;
    }

    /** linux-kprobes: {@code klas_target}'s C type in the advice of {@code aspect} ({@code void *} if untyped). */
    public String targetType(String aspect) {
        return targets.containsKey(aspect) ? targets.get(aspect).type() : "void *";
    }

    /** linux-kprobes: the headers that define the typed {@code klas_target}s ({@code <linux/skbuff.h>}). */
    public List<String> targetIncludes() {
        return targets.values().stream().flatMap(t -> t.include().stream()).distinct().sorted().toList();
    }

    /**
     * linux-kprobes: {@code klas_retval}'s C type in after-advice {@code index} (counted among the after-advices)
     * of {@code aspect} at the return of the function whose kretprobe is at {@code vaddr}.
     */
    public Optional<String> retvalType(long vaddr, String aspect, int index) {
        return Optional.ofNullable(retvals.get(key(vaddr, aspect, AdviceKind.AFTER, index)));
    }

    /** Notes for the weave report: where the context stays untyped, and why. */
    public List<Diagnostic> notes() {
        return notes;
    }

    private record Kernel(VariableReads reads, AccessValues values, Map<String, VariableReads.Code> codes,
                          Map<String, Integer> after, List<Diagnostic> errors,
                          Map<String, Map<String, Optional<Die>>> types) {
    }

    /**
     * linux-kprobes: how the member chains of advice-before {@code index} of {@code aspect} at the kprobe at
     * {@code vaddr} that end on a bit-field are read ({@link ChainBits}), from its variables' types there.
     */
    public MemberChains.BitFields bitFields(long vaddr, String aspect, int index) {
        Map<String, Optional<Die>> known = types.getOrDefault(key(vaddr, aspect, AdviceKind.BEFORE, index), Map.of());
        return (variable, steps, base) -> ChainBits.read(known.getOrDefault(variable, Optional.empty()), steps, base);
    }

    /** The {@code $name}s and accessed values of {@code aspect}'s advice-before at kprobe {@code hook}. */
    private static void kernelEach(Aspect aspect, Hook hook, String label, Kernel k) {
        long vaddr = hook.location().address();
        int index = 0;
        for (Advice adv : aspect.advices()) {
            if (adv.kind() != AdviceKind.BEFORE) {
                continue;
            }
            Map<String, SourcePosition> names = DollarNames.of(adv);
            Map<String, SourcePosition> values = DollarNames.words(adv, AccessValues.NAMES);
            int rmw = k.values().readModifyWrite(vaddr);
            boolean post = values.containsKey("klas_new") && rmw > 0;
            CTypes types = new CTypes();
            List<VariableReads.Declared> declared = new ArrayList<>();
            int errorsBefore = k.errors().size();
            if (!names.isEmpty()) {
                Map<String, Optional<Die>> typed = new HashMap<>();
                names.keySet().forEach(n -> typed.put(n, k.reads().typeOf(vaddr, n)));
                k.types().put(key(vaddr, aspect.name(), AdviceKind.BEFORE, index), typed);
                VariableReads.Result r = k.reads().at(vaddr, names, Set.of(), label, types);
                if (r instanceof VariableReads.Code c) {
                    declared.addAll(c.variables());
                } else {
                    k.errors().addAll(((VariableReads.Refused) r).diagnostics());
                }
            }
            declared.addAll(k.values().atKernel(hook, values, label, post ? AccessValues.Mode.KERNEL_AFTER
                    : AccessValues.Mode.KERNEL_BEFORE, types, k.errors()));
            if (!declared.isEmpty() && k.errors().size() == errorsBefore) {
                String key = key(vaddr, aspect.name(), AdviceKind.BEFORE, index);
                k.codes().put(key, new VariableReads.Code(declared, types.definitions()));
                if (post) {
                    k.after().put(key, rmw);
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

    /**
     * Whether advice-before {@code index} of {@code aspect} at the kprobe at {@code vaddr} runs after the instruction
     * (in the post_handler): it names {@code klas_new} at a read-modify-write.
     */
    public boolean afterInstruction(long vaddr, String aspect, int index) {
        return after.containsKey(key(vaddr, aspect, AdviceKind.BEFORE, index));
    }

    /**
     * The bytes the kprobe at {@code vaddr} keeps before its instruction runs, for the advice that runs after it
     * ({@code klas_old}): the read-modify-write's operand width; 0 when no advice there runs after the instruction.
     */
    public int keptBytes(long vaddr) {
        String prefix = Long.toHexString(vaddr) + "/";
        return after.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToInt(Map.Entry::getValue)
                .max().orElse(0);
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
