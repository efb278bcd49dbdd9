package dev.klas.resolve.joinpoint;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whether an instruction, as objdump shows it, does what a mark of samples/mbuf-user says: each check answers the
 * problem, empty when there is none. The sample keeps no struct on the stack, so a member is reached through a
 * 64-bit general register holding the struct's address: never {@code %rsp} or {@code %rip}, {@code %rbp} only in
 * functions that do not keep a frame pointer in it, no segment, no index.
 */
final class AccessCheck {
    private static final Pattern GPR64 = Pattern.compile("%r(ax|bx|cx|dx|si|di|bp|sp|8|9|1[0-5])");

    private AccessCheck() {
    }

    /** Why {@code m}, used by {@code at}, is not the member at {@code offset} of a struct behind a pointer. */
    static Optional<String> structOperand(AttOperand m, long offset, Insn at, Objdump objdump) {
        String base = m.base().orElse("");
        if (m.segment().isPresent() || m.index().isPresent() || !GPR64.matcher(base).matches()) {
            return Optional.of("operand " + m + " is not [64-bit base register + displacement]");
        }
        if (base.equals("%rsp") || base.equals("%rbp") && objdump.framePointer().contains(at.function())) {
            return Optional.of("base " + base + " addresses the stack frame of " + at.function());
        }
        if (m.displacement() != offset) {
            return Optional.of("displacement " + m.displacement() + " is not the member's offset " + offset);
        }
        return Optional.empty();
    }

    /** A field access: the member's operand, in the direction of the mark. */
    static Optional<String> field(PlaceKind kind, String fileLine, Insn insn, long offset, Objdump objdump) {
        Optional<AttOperand> m = insn.memory();
        if (m.isEmpty()) {
            return Optional.of("no memory operand");
        }
        Optional<String> operand = structOperand(m.get(), offset, insn, objdump);
        if (operand.isPresent()) {
            return operand;
        }
        Direction d = insn.direction();
        boolean fits = switch (kind) {
            case FIELD_READ -> d.reads();
            case FIELD_WRITE -> d.writes();
            case FIELD_ADDRESS -> d == Direction.NONE;
            case FIELD_READWRITE -> d == Direction.READ_WRITE || d == Direction.READ
                    && laterWrite(insn, m.get(), fileLine, objdump).isPresent();
            default -> false;
        };
        if (fits && kind == PlaceKind.FIELD_READWRITE && d == Direction.READ) {
            Optional<Insn> whole = sameOperand(insn, m.get(), fileLine, objdump)
                    .filter(i -> i.direction() == Direction.READ_WRITE).findFirst();
            if (whole.isPresent()) {
                return Optional.of("a plain read, where " + whole.get() + " reads and writes the member at once");
            }
        }
        return fits ? Optional.empty() : Optional.of(d + " does not do " + kind);
    }

    /** A split read-modify-write (-O0): a plain store of the same operand later in the function, on the same line. */
    private static Optional<Insn> laterWrite(Insn read, AttOperand m, String fileLine, Objdump objdump) {
        return sameOperand(read, m, fileLine, objdump)
                .filter(i -> i.address() > read.address() && i.direction() == Direction.WRITE).findFirst();
    }

    /** The instructions of {@code at}'s function and of its line that use the memory operand {@code m}. */
    private static Stream<Insn> sameOperand(Insn at, AttOperand m, String fileLine, Objdump objdump) {
        return objdump.code().values().stream().filter(i -> i.function().equals(at.function())
                && objdump.linesAt(i.address()).contains(fileLine) && i.memory().filter(m::equals).isPresent());
    }

    /**
     * An fp-call: {@code call *OFF(%reg)}, or {@code call *%reg} (or of the retpoline thunk of %reg) with the register
     * loaded from OFF(%base).
     */
    static Optional<String> fpCall(Insn insn, long offset, Objdump objdump) {
        if (!insn.indirectCall()) {
            return Optional.of("not an indirect call");
        }
        String target = insn.thunkRegister().orElseGet(() -> insn.operands().get(0).substring(1));
        Optional<AttOperand> m = AttOperand.parse(target);
        if (m.isPresent()) {
            return structOperand(m.get(), offset, insn, objdump);
        }
        Optional<Insn> load = objdump.lastWriteOf(target, insn);
        if (load.isEmpty() || load.get().memory().isEmpty() || load.get().direction() != Direction.READ) {
            return Optional.of(target + " is not loaded from memory before the call: " + load);
        }
        return structOperand(load.get().memory().get(), offset, load.get(), objdump)
                .map(p -> target + " loaded by " + load.get() + ": " + p);
    }

    /** A call: a direct call whose target objdump names exactly {@code <callee>} or {@code <callee@plt>}. */
    static Optional<String> call(Insn insn, String callee) {
        boolean fits = insn.mnemonic().startsWith("call")
                && insn.target().filter(t -> t.equals(callee) || t.equals(callee + "@plt")).isPresent();
        return fits ? Optional.empty() : Optional.of("not a direct call of " + callee);
    }

    /** An instruction of the line that would have been a precise join point, which a LINE fallback says is absent. */
    static Optional<Insn> missed(PlaceKind kind, String member, long offset, List<Insn> line, Objdump objdump) {
        return line.stream().filter(i -> switch (kind) {
            case CALL -> call(i, member).isEmpty();
            case FP_CALL -> i.indirectCall();
            default -> i.memories().stream().anyMatch(m -> structOperand(m, offset, i, objdump).isEmpty());
        }).findFirst();
    }
}
