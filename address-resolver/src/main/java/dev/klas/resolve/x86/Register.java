package dev.klas.resolve.x86;

import java.util.List;

/**
 * A register named in a memory operand: its class and number (0..31, as extended by REX/VEX/EVEX).
 *
 * @param kind   register file
 * @param number register number within that file
 */
public record Register(RegisterClass kind, int number) {
    private static final List<String> GPR64 = List.of(
            "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
            "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15");
    private static final List<String> GPR32 = List.of(
            "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
            "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d");

    public Register {
        if (number < 0 || number > 31 || (number > 15 && (kind == RegisterClass.GPR64 || kind == RegisterClass.GPR32))) {
            throw new IllegalArgumentException("no register " + number + " in " + kind);
        }
    }

    /** AT&T name as objdump prints it, without the {@code %}: {@code rax}, {@code r9d}, {@code rip}, {@code ymm3}. */
    public String attName() {
        return switch (kind) {
            case GPR64 -> GPR64.get(number);
            case GPR32 -> GPR32.get(number);
            case IP64 -> "rip";
            case IP32 -> "eip";
            case XMM -> "xmm" + number;
            case YMM -> "ymm" + number;
            case ZMM -> "zmm" + number;
        };
    }

    @Override
    public String toString() {
        return "%" + attName();
    }
}
