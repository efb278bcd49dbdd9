package dev.klas.advice.userspace;

import dev.klas.advice.CodeLocation;
import dev.klas.advice.Hook;
import dev.klas.advice.HookPlace;
import dev.klas.advice.HookPlanner;
import dev.klas.advice.OriginalBytes;
import dev.klas.hooks.plan.CodeInsn;
import dev.klas.hooks.plan.PlanRefusal;
import dev.klas.hooks.plan.PlannedHook;
import dev.klas.resolve.FunctionOffset;
import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.elf.Section;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.resolve.joinpoint.JoinPoint;
import dev.klas.resolve.joinpoint.PlaceKind;
import dev.klas.resolve.joinpoint.Precision;
import dev.klas.resolve.x86.Instruction;
import dev.klas.schema.Advice;
import dev.klas.schema.AdviceKind;
import dev.klas.schema.Aspect;
import dev.klas.schema.SourcePosition;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Where each aspect's advice-after goes: at an execution join point (a function's first instruction) when the
 * function returns; at a call or fp-call on the instruction after the call instruction, which becomes a hook of its
 * own (or joins the hook already there). Member accesses and lines have no "after": refused, naming the
 * {@code <advice-after>}; so is a call whose following instruction can't carry a hook.
 */
final class AfterPlacement {
    private final Binary binary;
    private final ElfFile file;
    private final BiFunction<Hook, List<CodeInsn>, Optional<String>> check;

    AfterPlacement(Binary binary, ElfFile file, BiFunction<Hook, List<CodeInsn>, Optional<String>> check) {
        this.binary = binary;
        this.file = file;
        this.check = check;
    }

    List<UserspacePlanner.Slot> place(HookPlanner.Plan plan, List<Aspect> aspects, Map<String, String> pointcuts,
                                      List<PlanRefusal> refused) {
        Map<String, SourcePosition> afterAt = new LinkedHashMap<>();
        List<String> withBefore = new ArrayList<>();
        for (Aspect a : aspects) {
            for (Advice adv : a.advices()) {
                if (adv.kind() == AdviceKind.AFTER) {
                    afterAt.putIfAbsent(a.name(), adv.position());
                } else if (!withBefore.contains(a.name())) {
                    withBefore.add(a.name());
                }
            }
        }
        Map<Long, UserspacePlanner.Slot> slots = new LinkedHashMap<>();
        Map<Long, List<PlannedHook.After>> next = new LinkedHashMap<>();
        for (Hook h : plan.hooks()) {
            long at = h.location().address();
            List<PlannedHook.After> returns = new ArrayList<>();
            for (String name : h.aspects()) {
                if (!afterAt.containsKey(name)) {
                    continue;
                }
                JoinPoint jp = plan.joinPoints().getOrDefault(at, Map.of()).get(name);
                PlannedHook.Place place = new PlannedHook.Place(h.place().file(), h.place().line(),
                        h.place().column(), h.place().function());
                Optional<String> why = jp == null ? Optional.of("the join point is unknown") : Optional.empty();
                if (why.isEmpty() && jp.place().kind() == PlaceKind.FUNCTION) {
                    why = jp.inlinedCopy()
                            ? Optional.of("an inlined copy of " + jp.place().member() + " in " + jp.function().symbol()
                                    + ": it is not called, so there is no return to run it at")
                            : entryProblem(h);
                    if (why.isEmpty()) {
                        returns.add(new PlannedHook.After(name, pointcuts.getOrDefault(name, ""),
                                PlannedHook.After.When.RETURN, at, place));
                    }
                } else if (why.isEmpty() && (jp.place().kind() == PlaceKind.CALL
                        || jp.place().kind() == PlaceKind.FP_CALL)) {
                    why = jp.precision() instanceof Precision.Line l ? Optional.of("no call instruction was found ("
                            + l.reason() + "), so there is no return to run it at") : Optional.empty();
                    if (why.isEmpty()) {
                        next.computeIfAbsent(at + jp.instructionLength(), x -> new ArrayList<>())
                                .add(new PlannedHook.After(name, pointcuts.getOrDefault(name, ""),
                                        PlannedHook.After.When.HERE, at, place));
                    }
                } else if (why.isEmpty()) {
                    why = Optional.of("a " + kind(jp.place().kind()) + " has no \"after\" (only calls and executions"
                            + " have); its advice-before still goes in");
                }
                why.ifPresent(w -> refused.add(refusal(h, afterAt.get(name), name, w)));
            }
            List<String> before = h.aspects().stream().filter(withBefore::contains).toList();
            slots.put(at, new UserspacePlanner.Slot(h, before, returns, new ArrayList<>()));
        }
        for (Map.Entry<Long, List<PlannedHook.After>> e : next.entrySet()) {
            long at = e.getKey();
            PlannedHook.After first = e.getValue().get(0);
            Optional<String> why = nextProblem(first.joinPoint(), at);
            UserspacePlanner.Slot slot = slots.get(at);
            if (why.isEmpty() && slot == null) {
                Optional<Hook> h = hookAt(at, first.place());
                why = h.isEmpty() ? Optional.of("no function covers it") : check.apply(h.get(), new ArrayList<>());
                if (why.isEmpty()) {
                    slot = new UserspacePlanner.Slot(h.get(), List.of(), List.of(), new ArrayList<>());
                    slots.put(at, slot);
                }
            }
            if (why.isPresent()) {
                for (PlannedHook.After a : e.getValue()) {
                    refused.add(new PlanRefusal(a.joinPoint(), symbol(a.joinPoint()), offset(a.joinPoint()),
                            a.place().file(), a.place().line(), "advice-after at " + afterAt.get(a.name()) + " (aspect "
                            + a.name() + "): the instruction after the call, 0x" + Long.toHexString(at)
                            + ", can't carry it: " + why.get()));
                }
                continue;
            }
            slot.here().addAll(e.getValue());
        }
        return slots.values().stream().filter(s -> !s.before().isEmpty() || !s.returns().isEmpty()
                || !s.here().isEmpty()).toList();
    }

    /** Why [rsp] may not hold the return address at the hook: not a function's first byte, or a .cold part. */
    private static Optional<String> entryProblem(Hook h) {
        if (h.location().offset() != 0) {
            return Optional.of("the hook is not the function's first instruction");
        }
        if (h.location().symbol().contains(".cold")) {
            return Optional.of(h.location().symbol() + " is a cold part, entered by a jump, not a call");
        }
        return Optional.empty();
    }

    /** Why the instruction at {@code at} is not only reached by returning from the call at {@code call}. */
    private Optional<String> nextProblem(long call, long at) {
        Optional<FunctionOffset> f = binary.functions().at(call);
        Optional<FunctionOffset> g = binary.functions().at(at);
        if (f.isEmpty() || g.isEmpty() || !g.get().symbol().equals(f.get().symbol()) || g.get().offset() == 0) {
            return Optional.of("it lies outside the calling function (the callee does not return)");
        }
        long start = f.get().symbolAddress();
        long end = binary.symbols().stream().filter(x -> x.value() == start && x.name().equals(f.get().symbol()))
                .mapToLong(x -> x.size()).max().orElse(0) + start;
        if (at >= end) {
            return Optional.of("it lies past the end of " + f.get().symbol() + " (the callee does not return)");
        }
        for (Instruction i : binary.instructions(start, Math.max(end, at + 1))) {
            if (i.branchTarget().filter(t -> t == at).isPresent() && i.address() != call) {
                return Optional.of("it is also a branch target (of 0x" + Long.toHexString(i.address())
                        + "), so it runs without the call too");
            }
        }
        return Optional.empty();
    }

    private Optional<Hook> hookAt(long at, PlannedHook.Place place) {
        Optional<FunctionOffset> f = binary.functions().at(at);
        Optional<Instruction> insn = binary.instructionAt(at);
        Optional<Section> s = file.sectionAt(at);
        if (f.isEmpty() || insn.isEmpty() || s.isEmpty()) {
            return Optional.empty();
        }
        ByteBuffer raw = file.rawData(s.get());
        int from = (int) (at - s.get().address());
        List<Integer> bytes = new ArrayList<>();
        for (int i = 0; i < insn.get().length() && from + i < raw.limit(); i++) {
            bytes.add(Byte.toUnsignedInt(raw.get(from + i)));
        }
        return Optional.of(new Hook(new CodeLocation(f.get().symbol(), f.get().offset(), at), new OriginalBytes(bytes),
                new HookPlace(place.file(), place.line(), place.column(), place.function()), List.of("after"),
                Optional.empty(), false, "CALL"));
    }

    private PlanRefusal refusal(Hook h, SourcePosition pos, String aspect, String why) {
        return new PlanRefusal(h.location().address(), h.location().symbol(), h.location().offset(), h.place().file(),
                h.place().line(), "advice-after at " + pos + " (aspect " + aspect + "): " + why);
    }

    private String symbol(long at) {
        return binary.functions().at(at).map(FunctionOffset::symbol).orElse("?");
    }

    private long offset(long at) {
        return binary.functions().at(at).map(FunctionOffset::offset).orElse(0L);
    }

    private static String kind(PlaceKind k) {
        return k == PlaceKind.LINE ? "source line" : "member access";
    }
}
