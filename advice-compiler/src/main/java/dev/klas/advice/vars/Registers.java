package dev.klas.advice.vars;

import java.util.List;
import java.util.Optional;

/**
 * How one target's advice spells the saved registers and program addresses in C. DWARF numbers the x86-64 general
 * registers rax, rdx, rcx, rbx, rsi, rdi, rbp, rsp, r8-r15 (System V psABI, Figure 3.36).
 */
public interface Registers {
    List<String> X86_64 = List.of("rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10", "r11",
            "r12", "r13", "r14", "r15");

    /** The C expression (a {@code uint64_t}) of DWARF register {@code number}; empty when not a general register. */
    Optional<String> gpr(int number);

    /** The C expression of the run-time address of link-time address {@code address}. */
    String address(long address);

    /**
     * The C expression (a {@code uint64_t}) of general register {@code encoding} numbered as an instruction encodes
     * it (rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8-r15), the source of a store ({@link StoreSource}).
     */
    String stored(int encoding);

    /** Why this target cannot give the run-time address of link-time {@code address}; empty when it can. */
    default Optional<String> addressRefused(long address) {
        return Optional.empty();
    }

    /**
     * The C expression (a {@code uint64_t}) of the {@code bits}-wide unsigned integer at C address {@code address}:
     * a plain load in user space; the kernel reads through {@code copy_from_kernel_nofault}.
     */
    default String load(int bits, String address) {
        return bits == 64 ? "(*(const volatile uint64_t *)(uintptr_t)" + address + ")"
                : "((uint64_t)*(const volatile uint" + bits + "_t *)(uintptr_t)" + address + ")";
    }

    /**
     * The C expression of the program's return address whose raw value (read at CFA-8) is {@code loaded}: user
     * space maps a return address pushed from a relocated copy of instructions back to the original
     * ({@code klas_original_pc}); the kernel's kprobes emulate a probed call, which pushes the original address.
     */
    default String returnAddress(String loaded) {
        return "klas_original_pc(" + loaded + ")";
    }

    /**
     * Whether entry values ({@code DW_OP_entry_value}) away from a function's entry may be recovered from its calls
     * ({@link Callers}): the calls' return addresses are link-time addresses this target can move ({@link #address}).
     */
    default boolean recoversCallers() {
        return true;
    }

    /** Whether a scalar in memory may be read with a plain C load (else it is copied by {@code klas_var_copy}). */
    default boolean plainLoads() {
        return true;
    }

    /** User space: {@code struct klas_registers} of {@code klas_ctx->regs}, addresses moved by the load bias. */
    Registers USERSPACE = new Registers() {
        @Override
        public Optional<String> gpr(int number) {
            return number >= 0 && number < X86_64.size() ? Optional.of("klas_ctx->regs->" + X86_64.get(number))
                    : Optional.empty();
        }

        @Override
        public String stored(int encoding) {
            return "klas_ctx->regs->gpr[" + encoding + "]";
        }

        @Override
        public String address(long address) {
            return "(klas_ctx->bias + 0x" + Long.toHexString(address) + "ull)";
        }
    };

    static String name(int number) {
        return number >= 0 && number < X86_64.size() ? "%" + X86_64.get(number) : "DWARF register " + number;
    }
}
