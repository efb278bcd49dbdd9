package dev.klas.advice.kprobes;

import dev.klas.advice.AccessOperand;

/**
 * C expressions over {@code struct pt_regs} (arch/x86/include/asm/ptrace.h): the effective address of an access
 * operand (Intel SDM Vol. 2 2.1.5: base + index * scale + displacement), evaluated before the probed instruction
 * runs, which is when a kprobe's pre_handler sees the registers.
 */
public final class Registers {
    private Registers() {
    }

    /** {@code rdi} becomes {@code regs->di}, {@code r12} stays {@code regs->r12}. */
    public static String field(String register) {
        if (!AccessOperand.REGISTERS.contains(register)) {
            throw new IllegalArgumentException("not a general register: " + register);
        }
        return "regs->" + (register.matches("r[0-9]+") ? register : register.substring(1));
    }

    public static String accessAddress(AccessOperand op) {
        StringBuilder sb = new StringBuilder("(0UL");
        op.base().ifPresent(b -> sb.append(" + ").append(field(b)));
        op.index().ifPresent(i -> sb.append(" + ").append(field(i)).append(" * ").append(op.scale()).append("UL"));
        long d = op.displacement();
        if (d != 0) {
            sb.append(d < 0 ? " - 0x" + Long.toHexString(-d) : " + 0x" + Long.toHexString(d)).append("UL");
        }
        sb.append(')');
        String sum = op.addressSize() == 32 ? "(unsigned long)(u32)" + sb : sb.toString();
        return "(void *)" + sum;
    }

    public static String target(AccessOperand op) {
        return "(void *)((unsigned long)access - 0x" + Long.toHexString(op.memberOffset()) + "UL)";
    }
}
