package dev.klas.advice;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The memory operand of an access-precise hook, enough to compute the effective address from saved registers
 * ({@code disp(base,index,scale)}, Intel SDM Vol. 2 2.1.5), and the accessed member's offset inside its struct, so
 * that {@code klas_target = klas_access_addr - memberOffset}.
 *
 * @param base        64-bit general register name as objdump prints it without {@code %} ({@code rdi}, {@code r12})
 * @param index       index register, same naming
 * @param addressSize 64, or 32 with the 0x67 prefix (the address is then truncated to 32 bits)
 * @param struct      the struct or union tag of the accessed member ({@code ""} when unknown)
 * @param member      the dotted member path inside it ({@code m_hdr.mh_len}), {@code ""} when unknown
 */
public record AccessOperand(Optional<String> base, Optional<String> index, int scale, long displacement,
                            int addressSize, long memberOffset, String struct, String member) {
    /** The registers an operand may name: the 16 general registers of x86-64. */
    public static final Set<String> REGISTERS = Set.of("rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
            "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15");

    /** An operand whose member is not named. */
    public AccessOperand(Optional<String> base, Optional<String> index, int scale, long displacement,
                         int addressSize, long memberOffset) {
        this(base, index, scale, displacement, addressSize, memberOffset, "", "");
    }

    public AccessOperand {
        Objects.requireNonNull(struct, "struct");
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(index, "index");
        if (base.filter(r -> !REGISTERS.contains(r)).isPresent() || index.filter(r -> !REGISTERS.contains(r)).isPresent()) {
            throw new IllegalArgumentException("not a general register: " + base + " / " + index);
        }
        if (scale != 1 && scale != 2 && scale != 4 && scale != 8) {
            throw new IllegalArgumentException("scale " + scale);
        }
        if (addressSize != 32 && addressSize != 64) {
            throw new IllegalArgumentException("address size " + addressSize);
        }
    }
}
