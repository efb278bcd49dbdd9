package dev.klas.hooks.plan;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One hook of a plan.
 *
 * @param vaddr     link-time address in the target file (the runtime adds the load bias)
 * @param aspects   the aspects whose advice runs here, in order
 * @param original  the displaced bytes as the file holds them
 * @param patch     the bytes written over them; {@code -1} for the jump's rel32, known only when the trampoline is
 * @param why       why int3 was used although jump or auto was asked for
 * @param vector    a jump hook whose advice may touch vector state (XSAVE path), else the lean path
 * @param entry     the hook is a function's first instruction (an execution join point): [rsp] holds the return
 *                  address there, so after-advice can run when the function returns
 * @param after     after-advices: at the function's return ({@link After.When#RETURN}, entry hooks only) or at this
 *                  hook before the {@code aspects}' advice ({@link After.When#HERE}: the instruction after a call)
 */
public record PlannedHook(long vaddr, String symbol, long offset, Place place, List<AspectRef> aspects,
                          byte[] original, Mechanism mechanism, List<Integer> patch, Optional<String> why,
                          List<Displaced> insns, Optional<Access> access, boolean vector, boolean entry,
                          List<After> after) {

    /** A hook without after-advice. */
    public PlannedHook(long vaddr, String symbol, long offset, Place place, List<AspectRef> aspects, byte[] original,
                       Mechanism mechanism, List<Integer> patch, Optional<String> why, List<Displaced> insns,
                       Optional<Access> access, boolean vector) {
        this(vaddr, symbol, offset, place, aspects, original, mechanism, patch, why, insns, access, vector, false,
                List.of());
    }

    /**
     * An aspect's after-advice on this hook.
     *
     * @param joinPoint link-time address of the join point it is the "after" of: the function entry (RETURN) or
     *                  the call instruction (HERE)
     * @param place     the join point's source place
     */
    public record After(String name, String pointcut, When when, long joinPoint, Place place) {
        /** Where the after-advice runs. */
        public enum When { RETURN, HERE }

        public After {
            Objects.requireNonNull(when, "when");
            Objects.requireNonNull(place, "place");
        }
    }

    /** The same hook with another vector flag. */
    public PlannedHook withVector(boolean v) {
        return new PlannedHook(vaddr, symbol, offset, place, aspects, original, mechanism, patch, why, insns, access,
                v, entry, after);
    }

    /** The source place the hook stands for. */
    public record Place(String file, int line, int column, String function) {
    }

    /** An aspect at this hook and its pointcut, as text. */
    public record AspectRef(String name, String pointcut) {
    }

    /**
     * The access operand of an access-precise hook, registers numbered as in ModRM (klas_runtime.h), and the
     * accessed member's offset in its struct, the struct's tag and the member's dotted path ({@code ""} when
     * unknown).
     */
    public record Access(int base, int index, int scale, boolean ripRelative, long disp, int size,
                         long memberOffset, String struct, String member) {
        /** An access whose member is not named. */
        public Access(int base, int index, int scale, boolean ripRelative, long disp, int size, long memberOffset) {
            this(base, index, scale, ripRelative, disp, size, memberOffset, "", "");
        }

        public Access {
            Objects.requireNonNull(struct, "struct");
            Objects.requireNonNull(member, "member");
        }
    }

    public PlannedHook {
        Objects.requireNonNull(place, "place");
        aspects = List.copyOf(aspects);
        original = original.clone();
        patch = List.copyOf(patch);
        insns = List.copyOf(insns);
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(access, "access");
        after = List.copyOf(after);
        if (!entry && after.stream().anyMatch(a -> a.when() == After.When.RETURN)) {
            throw new IllegalArgumentException("after-advice at the return of a hook that is no function entry: 0x"
                    + Long.toHexString(vaddr));
        }
    }

    @Override
    public byte[] original() {
        return original.clone();
    }
}
