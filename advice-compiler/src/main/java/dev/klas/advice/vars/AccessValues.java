package dev.klas.advice.vars;

import dev.klas.advice.Diagnostic;
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
 * {@code klas_new} (what a plain store puts there, from its source register or immediate). At a read-modify-write
 * (as {@code add %eax,0x8(%rdi)}) the result is known only after the instruction: an advice naming {@code klas_new}
 * there runs after it ({@link Values#afterInstruction()}; the runtime's post advice), {@code klas_new} read back
 * from memory and {@code klas_old}/{@code klas_value} the bytes the runtime kept from before. Where that cannot
 * be done (an instruction that writes a register too, another kind of store), or the access does not cover
 * exactly the member (a merged or split access), the name is refused at its position with the reason.
 */
final class AccessValues {
    static final Set<String> NAMES = Set.of("klas_new", "klas_old", "klas_value");

    private final Binary binary;

    AccessValues(Binary binary) {
        this.binary = binary;
    }

    /** The declarations of an advice's value names, and whether the advice runs after the hook's instruction. */
    record Values(List<VariableReads.Declared> declared, boolean afterInstruction) {
    }

    /** The declarations of the {@code used} names at {@code hook}; errors for those that cannot be given. */
    Values at(PlannedHook hook, Map<String, SourcePosition> used, String label, CTypes types,
              List<Diagnostic> errors) {
        List<VariableReads.Declared> out = new ArrayList<>();
        if (used.isEmpty()) {
            return new Values(out, false);
        }
        Optional<String> why = unfit(hook);
        Optional<Instruction> insn = binary.instructionAt(hook.vaddr());
        Optional<MemoryOperand> m = insn.flatMap(Instruction::memory);
        Optional<Die> member = Optional.empty();
        Optional<BitField> bitField = Optional.empty();
        if (why.isEmpty()) {
            PlannedHook.Access a = hook.access().get();
            Optional<Die> struct = MemberTypes.struct(binary.dwarf(),
                    binary.inlines().subprogramAt(hook.vaddr()).map(Die::unit), a.struct());
            member = struct.flatMap(s -> MemberTypes.member(s, a.member()));
            bitField = member.flatMap(BitField::of);
            why = member.isEmpty() ? Optional.of("klas finds no member " + a.member() + " of " + a.struct()
                    + " in DWARF") : fit(member.get(), bitField, a.size(), a.struct() + "." + a.member());
        }
        boolean after = why.isEmpty() && m.isPresent() && m.get().access() == Access.READ_WRITE
                && used.containsKey("klas_new");
        Optional<String> afterProblem = after ? AfterInstruction.problem(insn.get()) : Optional.empty();
        for (Map.Entry<String, SourcePosition> e : used.entrySet()) {
            String name = e.getKey();
            Optional<String> refusal = why.isPresent() ? why : m.isEmpty() ? Optional.of("no memory operand")
                    : allowed(name, m.get().access());
            if (refusal.isEmpty() && name.equals("klas_new") && after && bitField.isPresent()) {
                refusal = Optional.of(hook.access().get().struct() + "." + hook.access().get().member() + " is a"
                        + " bit-field written by a read-modify-write: gcc may write a field with several (an and, then"
                        + " an or), so the bytes after this one need not hold the field's new value");
            }
            if (refusal.isEmpty() && name.equals("klas_new") && afterProblem.isPresent()) {
                refusal = Optional.of("the value a read-modify-write stores is known only after it runs, and klas"
                        + " cannot run advice after this one: " + afterProblem.get());
            }
            String expression = "";
            if (refusal.isEmpty() && name.equals("klas_new") && !after) {
                StoreSource src = StoreSource.of(insn.get());
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
                        ? bitField.get().extract(name, raw(name, after, expression), size)
                        : fill(name, after, expression, size);
                out.add(new VariableReads.Declared(name, decl, List.of(fill), "member " + hook.access().get().struct()
                        + "." + hook.access().get().member()));
            } catch (CTypes.Unprintable x) {
                errors.add(new Diagnostic(e.getValue(), Diagnostic.Severity.ERROR, name + " at the hook " + label
                        + ": " + x.getMessage()));
            }
        }
        return new Values(out, after);
    }

    /** A C statement that fills {@code name}, a whole member of {@code size} bytes. */
    private static String fill(String name, boolean after, String storeSource, long size) {
        String memory = "klas_var_copy(&" + name + ", (const void *)(uintptr_t)klas_access_addr_of(klas_ctx), "
                + size + ");";
        if (after) {
            return name.equals("klas_new") ? memory /* after the instruction */
                    : "klas_var_copy(&" + name + ", &klas_ctx->old, " + size + "); /* kept from before */";
        }
        return name.equals("klas_new")
                ? "{ uint64_t klas_v = " + storeSource + "; klas_var_copy(&" + name + ", &klas_v, " + size + "); }"
                : memory;
    }

    /** The accessed bytes that hold a bit-field's value for {@code name}, as a {@code uint64_t} expression. */
    private static String raw(String name, boolean after, String storeSource) {
        if (after) {
            return "klas_ctx->old";
        }
        return name.equals("klas_new") ? storeSource
                : "klas_access_bytes(klas_ctx)";
    }

    private static Optional<String> unfit(PlannedHook hook) {
        if (hook.access().isEmpty()) {
            return Optional.of("the hook is not access-precise (a line, call or execution hook, or an access klas"
                    + " could not tie to one instruction's memory operand): there is no accessed value");
        }
        if (hook.access().get().struct().isEmpty()) {
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
            return Optional.of(what + " is a bit-field whose bit offset DWARF does not give");
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

    private static Optional<String> allowed(String name, Access access) {
        return switch (name) {
            case "klas_value" -> access == Access.READ || access == Access.READ_WRITE ? Optional.empty()
                    : Optional.of("klas_value is the value a read loads, and the hook's instruction does not read"
                    + " the member (it stores to it): use klas_old and klas_new");
            case "klas_old" -> access == Access.WRITE || access == Access.READ_WRITE ? Optional.empty()
                    : Optional.of("klas_old is given at a write, and the hook's instruction only reads the member:"
                    + " use klas_value");
            default -> access == Access.WRITE || access == Access.READ_WRITE ? Optional.empty()
                    : Optional.of("klas_new is given at a write, and the hook's instruction only reads the member:"
                    + " use klas_value");
        };
    }
}
