package dev.klas.advice.userspace;

import dev.klas.advice.AccessOperand;
import dev.klas.advice.Hook;
import dev.klas.advice.HookPlanner;
import dev.klas.hooks.plan.Choice;
import dev.klas.hooks.plan.CodeInsn;
import dev.klas.hooks.plan.Displaced;
import dev.klas.hooks.plan.HookMode;
import dev.klas.hooks.plan.Mechanism;
import dev.klas.hooks.plan.MechanismChoice;
import dev.klas.hooks.plan.PatchPlan;
import dev.klas.hooks.plan.PlanRefusal;
import dev.klas.hooks.plan.PlannedHook;
import dev.klas.resolve.FunctionOffset;
import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.elf.ElfSymbol;
import dev.klas.resolve.elf.Section;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.resolve.x86.Instruction;
import java.nio.ByteBuffer;
import dev.klas.schema.Aspect;
import dev.klas.schema.PointcutPrinter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Hooks of one user-space object into a patch plan: per hook the mechanism (int3 or jump, from the whole function
 * decoded), the displaced instructions and their relocation facts, or a refusal with its reason.
 */
public final class UserspacePlanner {
    private final Binary binary;
    private final ElfFile file;

    /** {@code binary}: the target with its debug info and code; {@code file}: the target file itself. */
    public UserspacePlanner(Binary binary, ElfFile file) {
        this.binary = binary;
        this.file = file;
    }

    /** {@code pointcuts}: per aspect name, its pointcut as text. Before-advice only. */
    public PatchPlan plan(List<Hook> hooks, Map<String, String> pointcuts, HookMode mode) {
        List<Slot> slots = hooks.stream().map(h -> new Slot(h, h.aspects(), List.of(), new ArrayList<>())).toList();
        return plan(slots, pointcuts, mode, new ArrayList<>());
    }

    /**
     * The hooks with the aspects' advice-before and advice-after: after an execution join point at the function's
     * return, after a call (or fp-call) at the instruction that follows it; elsewhere refused (docs/plan-format.md).
     */
    public PatchPlan plan(HookPlanner.Plan hooks, List<Aspect> aspects, HookMode mode) {
        Map<String, String> pointcuts = new LinkedHashMap<>();
        aspects.forEach(a -> pointcuts.put(a.name(), PointcutPrinter.print(a.pointcut())));
        List<PlanRefusal> refused = new ArrayList<>();
        List<Slot> slots = new AfterPlacement(binary, file, this::check).place(hooks, aspects, pointcuts, refused);
        return plan(slots, pointcuts, mode, refused);
    }

    /** A hook to plan: the aspects whose advice-before runs there, and the after-advices it carries. */
    record Slot(Hook hook, List<String> before, List<PlannedHook.After> returns, List<PlannedHook.After> here) {
    }

    private PatchPlan plan(List<Slot> slots, Map<String, String> pointcuts, HookMode mode, List<PlanRefusal> refused) {
        List<PlannedHook> planned = new ArrayList<>();
        Set<Long> hooks = new HashSet<>();
        slots.forEach(slot -> hooks.add(slot.hook().location().address()));
        for (Slot slot : slots) {
            Hook h = slot.hook();
            long at = h.location().address();
            List<CodeInsn> function = new ArrayList<>();
            Optional<String> problem = check(h, function);
            if (problem.isPresent()) {
                refused.add(new PlanRefusal(at, h.location().symbol(), h.location().offset(), h.place().file(),
                        h.place().line(), problem.get()));
                continue;
            }
            Choice c = MechanismChoice.choose(mode, function, at, hooks);
            planned.add(planned(slot, c, pointcuts));
        }
        return new PatchPlan(PatchPlan.VERSION, Identity.of(file), mode, planned, refused);
    }

    Optional<String> check(Hook h, List<CodeInsn> function) {
        long at = h.location().address();
        Optional<Section> s = file.sectionAt(at);
        if (s.isEmpty() || !s.get().executable()) {
            return Optional.of("not in an executable section");
        }
        if (s.get().name().startsWith(".plt")) {
            return Optional.of("inside the PLT (" + s.get().name() + ")");
        }
        byte[] actual = bytes(s.get(), at, h.original().length());
        for (int i = 0; i < actual.length; i++) {
            int want = h.original().values().get(i);
            if (want != Byte.toUnsignedInt(actual[i])) {
                return Optional.of("bytes differ from the binary at +" + i + " (plan " + h.original() + ")");
            }
        }
        Optional<FunctionOffset> f = binary.functions().at(at);
        if (f.isEmpty()) {
            return Optional.of("no function symbol covers the address");
        }
        long start = f.get().symbolAddress();
        long size = binary.symbols().stream().filter(x -> x.value() == start && x.name().equals(f.get().symbol()))
                .mapToLong(ElfSymbol::size).max().orElse(0);
        long end = Math.max(start + size, at + 1);
        for (Instruction i : binary.instructions(start, end)) {
            function.add(CodeFacts.of(i));
        }
        return MechanismChoice.refusal(function, at);
    }

    private byte[] bytes(Section s, long at, int length) {
        ByteBuffer raw = file.rawData(s);
        int from = (int) (at - s.address());
        byte[] out = new byte[Math.max(0, Math.min(length, raw.limit() - from))];
        raw.slice(from, out.length).get(out);
        return out;
    }

    private PlannedHook planned(Slot slot, Choice c, Map<String, String> pointcuts) {
        Hook h = slot.hook();
        long at = h.location().address();
        byte[] original = bytes(file.sectionAt(at).orElseThrow(), at, c.length());
        List<Integer> patch = new ArrayList<>();
        if (c.mechanism() == Mechanism.INT3) {
            patch.add(0xcc);
        } else {
            patch.addAll(List.of(0xe9, -1, -1, -1, -1));
        }
        for (int i = patch.size(); i < c.length() && c.mechanism() == Mechanism.JUMP; i++) {
            patch.add(Byte.toUnsignedInt(original[i]));
        }
        List<Displaced> insns = c.displaced().stream().map(i -> new Displaced(i.length(), i.rel32At())).toList();
        List<PlannedHook.AspectRef> aspects = slot.before().stream()
                .map(a -> new PlannedHook.AspectRef(a, pointcuts.getOrDefault(a, ""))).toList();
        return new PlannedHook(at, h.location().symbol(), h.location().offset(), new PlannedHook.Place(h.place().file(),
                h.place().line(), h.place().column(), h.place().function()), aspects, original, c.mechanism(), patch,
                c.why(), insns, h.access().filter(a -> a.addressSize() == 64).map(a -> access(a, width(at))), false,
                !slot.returns().isEmpty(), concat(slot.here(), slot.returns()));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private int width(long at) {
        return binary.instructionAt(at).flatMap(Instruction::memory).map(m -> m.size().orElse(0)).orElse(0);
    }

    private static PlannedHook.Access access(AccessOperand a, int size) {
        return new PlannedHook.Access(a.base().map(UserspacePlanner::number).orElse(-1),
                a.index().map(UserspacePlanner::number).orElse(-1), a.scale(), false, a.displacement(), size,
                a.memberOffset(), a.struct(), a.member());
    }

    private static final List<String> MODRM = List.of("rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
            "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15");

    private static int number(String register) {
        return MODRM.indexOf(register);
    }
}
