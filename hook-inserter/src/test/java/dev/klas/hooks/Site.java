package dev.klas.hooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One hook of the test generator: the displaced instructions chosen from objdump's view of a function. */
record Site(String function, List<Insn> displaced, Mechanism mechanism, boolean vector, Optional<Operand> access,
            int memberOffset, Advice advice) {

    enum Mechanism { INT3, JUMP }

    /** What the test advice does (macros in hooks.c.tmpl). */
    enum Advice {
        COUNT, ACCESS, CLOBBER, HELPERS, SCRAMBLE, LIGHT_COUNT, LIGHT_SCRAMBLE;

        /** Advice that names no register: a lean jump site takes the light stub (KLAS_SITE_NOREGS). */
        boolean light() {
            return name().startsWith("LIGHT_");
        }
    }

    long vaddr() {
        return displaced.get(0).addr();
    }

    int length() {
        return displaced.stream().mapToInt(Insn::len).sum();
    }

    /**
     * A site at {@code at}: one instruction for int3; for jump, whole instructions covering 5 bytes, none a
     * rel8 branch, no branch target of the function strictly inside, all inside the function.
     */
    static Site at(List<Insn> function, String name, Insn at, Mechanism mechanism, boolean vector, Advice advice,
                   Optional<Integer> memberOffset) {
        int start = function.indexOf(at);
        List<Insn> displaced = new ArrayList<>();
        int len = 0;
        for (int i = start; i < function.size() && (displaced.isEmpty() || mechanism == Mechanism.JUMP && len < 5); i++) {
            displaced.add(function.get(i));
            len += function.get(i).len();
        }
        if (mechanism == Mechanism.JUMP && len < 5) {
            throw new AssertionError("function " + name + " ends before 5 bytes at " + Long.toHexString(at.addr()));
        }
        long end = at.addr() + len;
        for (Insn i : function) {
            i.branchTarget().ifPresent(t -> {
                if (t > at.addr() && t < end) {
                    throw new AssertionError("branch target " + Long.toHexString(t) + " inside the displaced bytes");
                }
            });
        }
        for (Insn i : displaced) {
            if (i.rel8Branch()) {
                throw new AssertionError("rel8 branch among displaced instructions: " + i.text());
            }
        }
        Optional<Operand> access = memberOffset.flatMap(o -> Operand.of(at));
        return new Site(name, displaced, mechanism, vector, access, memberOffset.orElse(0), advice);
    }
}
