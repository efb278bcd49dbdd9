package dev.klas.resolve.x86;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The explicit memory operand of an instruction (ModRM/SIB addressing, or the moffs of MOV A0..A3):
 * {@code segment:displacement(base,index,scale)} in AT&T terms (Intel SDM Vol. 2 2.1.5, tables 2-2 and 2-3).
 *
 * @param segment      segment-override prefix, if any (in 64-bit mode only FS and GS change the address)
 * @param base         base register; {@code rip}/{@code eip} for RIP-relative operands
 * @param index        index register (a vector register for VSIB)
 * @param scale        1, 2, 4 or 8 (1 when there is no index)
 * @param displacement the displacement as the CPU uses it: sign-extended, and for EVEX disp8 already
 *                     multiplied by the compression factor N (SDM Vol. 2 2.7.5)
 * @param target       the address when it follows from the instruction alone: RIP-relative operands
 *                     (end of instruction + displacement) and operands with neither base nor index; with an FS or
 *                     GS override it is an offset from that segment's base (per-CPU and TLS variables)
 * @param size         bytes accessed, when known from the opcode tables
 * @param addressSize  64, or 32 with the 0x67 prefix
 * @param access       whether the instruction reads, writes or only addresses the operand
 */
public record MemoryOperand(Optional<Segment> segment, Optional<Register> base, Optional<Register> index,
                            int scale, long displacement, Optional<Long> target, OptionalInt size,
                            int addressSize, Access access) {

    /** True when the instruction stores to the operand (WRITE or READ_WRITE). */
    public boolean written() {
        return access == Access.WRITE || access == Access.READ_WRITE;
    }

    /** True when the address is relative to the instruction pointer. */
    public boolean ripRelative() {
        return base.map(b -> b.kind() == RegisterClass.IP64 || b.kind() == RegisterClass.IP32).orElse(false);
    }

    /** True for gathers and scatters, whose index is a vector register. */
    public boolean vsib() {
        return index.map(i -> i.kind() == RegisterClass.XMM || i.kind() == RegisterClass.YMM
                || i.kind() == RegisterClass.ZMM).orElse(false);
    }

    /** AT&T rendering, e.g. {@code %fs:0x28}, {@code 0x10(%rdi,%rax,8)}, {@code 0x2d8f(%rip)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        segment.ifPresent(s -> sb.append('%').append(s.attName()).append(':'));
        if (displacement != 0 || (base.isEmpty() && index.isEmpty())) {
            sb.append(displacement < 0 ? "-0x" + Long.toHexString(-displacement) : "0x" + Long.toHexString(displacement));
        }
        if (base.isPresent() || index.isPresent()) {
            sb.append('(');
            base.ifPresent(sb::append);
            index.ifPresent(i -> sb.append(',').append(i).append(',').append(scale));
            sb.append(')');
        }
        return sb.toString();
    }
}
