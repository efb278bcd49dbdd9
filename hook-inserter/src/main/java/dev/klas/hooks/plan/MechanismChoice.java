package dev.klas.hooks.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses int3 or jump for one hook from the decoded instructions of the whole function around it. A jump displaces
 * 5 or more bytes, so it is used only when those bytes are whole instructions inside the function, no branch of the
 * function lands strictly inside them, each can be copied (no rel8 branch, nothing that only works at its own
 * address) and only the last may end the flow; anything else gets int3, with the reason.
 */
public final class MechanismChoice {
    /** The bytes a {@code jmp rel32} takes (Intel SDM Vol. 2A, JMP: E9 cd). */
    public static final int JUMP_LENGTH = 5;
    /** klas_runtime.h: KLAS_MAX_ORIG, KLAS_MAX_INSNS. */
    public static final int MAX_BYTES = 16;
    public static final int MAX_INSNS = 8;

    private MechanismChoice() {
    }

    /** Why no hook can go at {@code at} at all (even int3 runs the instruction out of line), if so. */
    public static Optional<String> refusal(List<CodeInsn> function, long at) {
        Optional<CodeInsn> first = function.stream().filter(i -> i.address() == at).findFirst();
        if (first.isEmpty()) {
            return Optional.of("0x" + Long.toHexString(at) + " is not the start of an instruction of its function");
        }
        return first.get().unmovable().map(u -> "the instruction cannot be run out of line: " + u);
    }

    /** The mechanism for a hook at {@code at}, which {@link #refusal} accepted, the only hook of its function. */
    public static Choice choose(HookMode mode, List<CodeInsn> function, long at) {
        return choose(mode, function, at, Set.of());
    }

    /**
     * The mechanism for a hook at {@code at}, which {@link #refusal} accepted; {@code hooks} are the addresses of all
     * hooks of the plan: a jump must not displace the instruction of another hook, whose patch would be overwritten.
     */
    public static Choice choose(HookMode mode, List<CodeInsn> function, long at, Set<Long> hooks) {
        int start = indexOf(function, at);
        CodeInsn first = function.get(start);
        if (mode == HookMode.INT3) {
            return new Choice(Mechanism.INT3, List.of(first), Optional.empty());
        }
        List<CodeInsn> displaced = new ArrayList<>();
        int length = 0;
        for (int i = start; i < function.size() && length < JUMP_LENGTH; i++) {
            CodeInsn insn = function.get(i);
            if (!displaced.isEmpty() && insn.address() != displaced.get(displaced.size() - 1).end()) {
                break;
            }
            displaced.add(insn);
            length += insn.length();
        }
        int bytes = length;
        Optional<String> why = jumpProblem(function, displaced, bytes)
                .or(() -> hookInside(displaced.get(0).address(), bytes, hooks));
        return why.isPresent() ? new Choice(Mechanism.INT3, List.of(first), why)
                : new Choice(Mechanism.JUMP, displaced, Optional.empty());
    }

    private static Optional<String> jumpProblem(List<CodeInsn> function, List<CodeInsn> displaced, int length) {
        if (length < JUMP_LENGTH) {
            return Optional.of("the function ends " + length + " bytes after the hook, a jump needs " + JUMP_LENGTH);
        }
        if (length > MAX_BYTES || displaced.size() > MAX_INSNS) {
            return Optional.of("the displaced instructions take " + length + " bytes, more than the runtime's "
                    + MAX_BYTES);
        }
        long from = displaced.get(0).address();
        long to = from + length;
        for (int i = 0; i < displaced.size(); i++) {
            CodeInsn d = displaced.get(i);
            if (d.unmovable().isPresent()) {
                return Optional.of("displaced instruction at 0x" + Long.toHexString(d.address()) + ": "
                        + d.unmovable().get());
            }
            if (d.ends() && i < displaced.size() - 1) {
                return Optional.of("the flow ends at 0x" + Long.toHexString(d.address()) + " inside the 5 bytes");
            }
        }
        for (CodeInsn i : function) {
            Optional<Long> t = i.branchTarget();
            if (t.isPresent() && t.get() > from && t.get() < to) {
                return Optional.of("the branch at 0x" + Long.toHexString(i.address()) + " lands at 0x"
                        + Long.toHexString(t.get()) + ", inside the displaced bytes");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> hookInside(long from, int length, Set<Long> hooks) {
        return hooks.stream().filter(h -> h > from && h < from + length).findFirst()
                .map(h -> "the hook at 0x" + Long.toHexString(h) + " is inside the displaced bytes");
    }

    private static int indexOf(List<CodeInsn> function, long at) {
        for (int i = 0; i < function.size(); i++) {
            if (function.get(i).address() == at) {
                return i;
            }
        }
        throw new IllegalArgumentException("no instruction at 0x" + Long.toHexString(at));
    }
}
