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
 */
public record PlannedHook(long vaddr, String symbol, long offset, Place place, List<AspectRef> aspects,
                          byte[] original, Mechanism mechanism, List<Integer> patch, Optional<String> why,
                          List<Displaced> insns, Optional<Access> access, boolean vector) {

    /** The source place the hook stands for. */
    public record Place(String file, int line, int column, String function) {
    }

    /** An aspect at this hook and its pointcut, as text. */
    public record AspectRef(String name, String pointcut) {
    }

    /**
     * The access operand of an access-precise hook, registers numbered as in ModRM (klas_runtime.h), and the
     * accessed member's offset in its struct.
     */
    public record Access(int base, int index, int scale, boolean ripRelative, long disp, int size,
                         long memberOffset) {
    }

    public PlannedHook {
        Objects.requireNonNull(place, "place");
        aspects = List.copyOf(aspects);
        original = original.clone();
        patch = List.copyOf(patch);
        insns = List.copyOf(insns);
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(access, "access");
    }

    @Override
    public byte[] original() {
        return original.clone();
    }
}
