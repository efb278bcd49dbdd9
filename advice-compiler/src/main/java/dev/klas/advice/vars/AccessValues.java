package dev.klas.advice.vars;

import dev.klas.advice.AccessOperand;
import dev.klas.advice.Diagnostic;
import dev.klas.advice.Hook;
import dev.klas.hooks.plan.PlannedHook;
import dev.klas.resolve.dwarf.Die;
import dev.klas.resolve.dwarf.DwAt;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.resolve.x86.Access;
import dev.klas.resolve.x86.Instruction;
import dev.klas.resolve.x86.MemoryOperand;
import dev.klas.schema.SourcePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The value at an access-precise hook, typed as the member's C type: {@code klas_value} (what a read loads: memory
 * at the operand's effective address before the instruction), {@code klas_old} (memory before a store) and
 * {@code klas_new} (what a plain store puts there, from its source register or immediate, spelled by the target's
 * {@link Registers}). At a read-modify-write (as {@code add %eax,0x8(%rdi)}) the result is known only after the
 * instruction: an advice naming {@code klas_new} there runs after it — in user space the runtime's post advice
 * ({@link Values#afterInstruction()}), on linux-kprobes the post_handler ({@link Mode#KERNEL_AFTER}) —,
 * {@code klas_new} read back from memory and {@code klas_old}/{@code klas_value} the bytes kept from before. A
 * bit-field's value is extracted from the accessed bytes by one rule ({@link BitField}) on both targets; at a
 * read-modify-write of a bit-field (an or, an and) {@code klas_new} is the field's bits after that one instruction.
 * Where a value cannot be given (an instruction that writes a register too, another kind of store, a bit-field whose
 * offset DWARF does not give), or the access does not cover
 * exactly the member (a merged or split access), the name is refused at its position with the reason.
 */
final class AccessValues {
    static final Set<String> NAMES = Set.of("klas_new", "klas_old", "klas_value");

    /**
     * Where the values come from: user space's hook context; a kprobe's pre_handler, before the instruction runs;
     * its post_handler, after the instruction ran ({@code klas_old} and {@code klas_value} from the bytes the
     * pre_handler kept, {@code klas_new} from memory), for a read-modify-write whose advice names {@code klas_new}.
     */
    enum Mode { USER, KERNEL_BEFORE, KERNEL_AFTER }

    /** The accessed member at one hook: where the instruction is, the member it touches, its width in bytes. */
    private record Site(long vaddr, String struct, String member, int size) {
    }

    /** The declarations of an advice's value names, and whether the advice runs after the hook's instruction. */
    record Values(List<VariableReads.Declared> declared, boolean afterInstruction) {
    }

    private final Binary binary;
    private final Registers registers;

    AccessValues(Binary binary, Registers registers) {
        this.binary = binary;
        this.registers = registers;
    }

    /** The declarations of the {@code used} names at user-space {@code hook}; errors for those that cannot be given. */
    Values at(PlannedHook hook, Map<String, SourcePosition> used, String label, CTypes types,
              List<Diagnostic> errors) {
        Optional<String> why = unfit(hook.access().isPresent(), hook.access().map(PlannedHook.Access::struct)
                .orElse(""));
        Site site = hook.access().map(a -> new Site(hook.vaddr(), a.struct(), a.member(), a.size()))
                .orElse(new Site(hook.vaddr(), "", "", 0));
        return declare(site, why, Mode.USER, used, label, types, errors);
    }

    /**
     * The declarations of the {@code used} names at kprobe {@code hook}, the width taken from the instruction's
     * memory operand; {@code mode} is {@link Mode#KERNEL_BEFORE} or {@link Mode#KERNEL_AFTER}.
     */
    List<VariableReads.Declared> atKernel(Hook hook, Map<String, SourcePosition> used, String label, Mode mode,
                                          CTypes types, List<Diagnostic> errors) {
        long vaddr = hook.location().address();
        Optional<String> why = unfit(hook.access().isPresent(), hook.access().map(AccessOperand::struct).orElse(""));
        int size = binary.instructionAt(vaddr).flatMap(Instruction::memory).map(m -> m.size().orElse(0)).orElse(0);
        Site site = hook.access().map(a -> new Site(vaddr, a.struct(), a.member(), size))
                .orElse(new Site(vaddr, "", "", 0));
        return declare(site, why, mode, used, label, types, errors).declared();
    }

    /**
     * The width in bytes of the memory operand of the instruction at {@code vaddr} when it reads, modifies and writes
     * it (add, inc, xadd...); 0 when it does not or its width is unknown.
     */
    int readModifyWrite(long vaddr) {
        return binary.instructionAt(vaddr).flatMap(Instruction::memory)
                .filter(m -> m.access() == Access.READ_WRITE).map(m -> m.size().orElse(0)).orElse(0);
    }

    private Values declare(Site site, Optional<String> why, Mode mode, Map<String, SourcePosition> used,
                           String label, CTypes types, List<Diagnostic> errors) {
        List<VariableReads.Declared> out = new ArrayList<>();
        if (used.isEmpty()) {
            return new Values(out, false);
        }
        Optional<Instruction> insn = binary.instructionAt(site.vaddr());
        Optional<MemoryOperand> m = insn.flatMap(Instruction::memory);
        Optional<Die> member = Optional.empty();
        Optional<BitField> bitField = Optional.empty();
        String what = site.struct() + "." + site.member();
        if (why.isEmpty()) {
            Optional<Die> struct = MemberTypes.struct(binary.dwarf(),
                    binary.inlines().subprogramAt(site.vaddr()).map(Die::unit), site.struct());
            member = struct.flatMap(s -> MemberTypes.member(s, site.member()));
            bitField = member.flatMap(BitField::of);
            why = member.isEmpty() ? Optional.of("klas finds no member " + site.member() + " of " + site.struct()
                    + " in DWARF") : fit(member.get(), bitField, site.size(), what);
        }
        boolean after = mode == Mode.KERNEL_AFTER || mode == Mode.USER && why.isEmpty() && m.isPresent()
                && m.get().access() == Access.READ_WRITE && used.containsKey("klas_new");
        Optional<String> afterProblem = mode == Mode.USER && after ? AfterInstruction.problem(insn.get())
                : Optional.empty();
        for (Map.Entry<String, SourcePosition> e : used.entrySet()) {
            String name = e.getKey();
            Optional<String> refusal = why.isPresent() ? why : m.isEmpty() ? Optional.of("no memory operand")
                    : allowed(name, m.get().access(), mode);
            if (refusal.isEmpty() && name.equals("klas_new") && afterProblem.isPresent()) {
                refusal = Optional.of("the value a read-modify-write stores is known only after it runs, and klas"
                        + " cannot run advice after this one: " + afterProblem.get());
            }
            String expression = "";
            if (refusal.isEmpty() && name.equals("klas_new") && !after) {
                StoreSource src = StoreSource.of(insn.get(), registers::stored);
                if (src instanceof StoreSource.Unknown u) {
                    refusal = Optional.of(u.reason());
                } else {
                    expression = ((StoreSource.Value) src).expression();
                }
            }
            if (refusal.isPresent()) {
                errors.add(new Diagnostic(e.getValue(), Diagnostic.Severity.ERROR, name + " at the hook " + label
                        + ": " + refusal.get()));
                continue;
            }
            try {
                Optional<Die> type = member.get().reference(DwAt.TYPE);
                String decl = types.declare(VariableReads.assignable(type), name);
                long size = CTypes.size(type).orElse(0);
                String fill = bitField.isPresent()
                        ? "{ uint64_t klas_b = 0; " + fill("klas_b", name, mode, after, expression, site.size())
                        + " " + bitField.get().extract(name, "klas_b", size) + " }"
                        : fill(name, name, mode, after, expression, size);
                out.add(new VariableReads.Declared(name, decl, List.of(fill), "member " + what));
            } catch (CTypes.Unprintable x) {
                errors.add(new Diagnostic(e.getValue(), Diagnostic.Severity.ERROR, name + " at the hook " + label
                        + ": " + x.getMessage()));
            }
        }
        return new Values(out, after);
    }

    /**
     * The C statement that copies the {@code size} bytes of {@code name}'s value (a whole member, or the accessed bytes
     * that hold a bit-field) into {@code to}; {@code expression}: a store's source.
     */
    private static String fill(String to, String name, Mode mode, boolean after, String expression, long size) {
        if (mode == Mode.KERNEL_AFTER) {
            return name.equals("klas_new")
                    ? "klas_var_copy(&" + to + ", (const void *)klas_access_addr, " + size + ");"
                    : "klas_var_before(&" + to + ", klas_before, " + size + ");";
        }
        if (name.equals("klas_new") && !after) {
            return "{ uint64_t klas_v = " + expression + "; klas_var_copy(&" + to + ", &klas_v, " + size + "); }";
        }
        if (mode == Mode.USER && after && !name.equals("klas_new")) {
            return "klas_var_copy(&" + to + ", &klas_ctx->old, " + size + "); /* kept from before */";
        }
        String address = mode == Mode.USER ? "(const void *)(uintptr_t)klas_access_addr_of(klas_ctx)"
                : "(const void *)klas_access_addr";
        return "klas_var_copy(&" + to + ", " + address + ", " + size + ");";
    }

    private static Optional<String> unfit(boolean precise, String struct) {
        if (!precise) {
            return Optional.of("the hook is not access-precise (a line, call or execution hook, or an access klas"
                    + " could not tie to one instruction's memory operand): there is no accessed value");
        }
        if (struct.isEmpty()) {
            return Optional.of("the plan does not name the accessed member");
        }
        return Optional.empty();
    }

    private static Optional<String> fit(Die member, Optional<BitField> bits, int size, String what) {
        if (bits.isPresent()) {
            return bits.get().within(size) ? Optional.empty() : Optional.of(what + " is a bit-field of "
                    + bits.get().bits() + " bits at bit " + bits.get().shift() + " of its first byte, and the"
                    + " instruction accesses " + size + " bytes: they do not hold the whole field");
        }
        if (MemberTypes.bitField(member)) {
            return Optional.of(what + " is a bit-field whose bit offset DWARF does not give: klas cannot find its"
                    + " bits in the bytes the instruction accesses");
        }
        Optional<Die> type = member.reference(DwAt.TYPE);
        if (CTypes.kind(type) == CTypes.Kind.AGGREGATE) {
            return Optional.of(what + " is not a scalar (a struct, union or array): one instruction's value is"
                    + " not the member's");
        }
        OptionalLong bytes = CTypes.size(type);
        if (bytes.isEmpty() || bytes.getAsLong() != size) {
            return Optional.of("the instruction accesses " + size + " bytes and " + what + " has "
                    + (bytes.isPresent() ? bytes.getAsLong() : "no") + " bytes (the compiler merged or split the"
                    + " access): its value is not the member's");
        }
        return Optional.empty();
    }

    private static Optional<String> allowed(String name, Access access, Mode mode) {
        return switch (name) {
            case "klas_value" -> access == Access.READ || access == Access.READ_WRITE ? Optional.empty()
                    : Optional.of("klas_value is the value a read loads, and the hook's instruction does not read"
                    + " the member (it stores to it): use klas_old and klas_new");
            case "klas_old" -> access == Access.WRITE || access == Access.READ_WRITE ? Optional.empty()
                    : Optional.of("klas_old is given at a write, and the hook's instruction only reads the member:"
                    + " use klas_value");
            default -> access == Access.WRITE || access == Access.READ_WRITE && mode != Mode.KERNEL_BEFORE
                    ? Optional.empty() : access == Access.READ_WRITE
                    ? Optional.of("the instruction reads, modifies and writes the member (as add, inc, xadd,"
                    + " cmpxchg do): the value it stores is known only after it runs, and klas runs advice before"
                    + " it; klas_old is the value before")
                    : Optional.of("klas_new is given at a write, and the hook's instruction only reads the member:"
                    + " use klas_value");
        };
    }
}
