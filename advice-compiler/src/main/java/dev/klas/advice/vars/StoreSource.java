package dev.klas.advice.vars;

import dev.klas.resolve.x86.Instruction;
import dev.klas.resolve.x86.OpcodeMap;
import java.util.HexFormat;
import java.util.function.IntFunction;

/**
 * The value a plain store puts in memory, as a C expression over the saved registers, decoded from the store's
 * source operand (Intel SDM Vol. 2B, MOV): {@code 88 /r} (a byte register, {@code ah..bh} without REX),
 * {@code 89 /r} (a general register), {@code C6 /0} and {@code C7 /0} (an immediate, sign-extended to the operand
 * size). Any other store is {@link Unknown}, with the reason. A register is spelled by the target
 * ({@link Registers#stored}) from its number in the instruction's encoding (rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi,
 * r8-r15: Intel SDM Vol. 2A, Table 2-2 with REX.R).
 */
sealed interface StoreSource {
    record Value(String expression) implements StoreSource {
    }

    record Unknown(String reason) implements StoreSource {
    }

    /** The value in user space's spelling ({@code klas_ctx->regs->gpr[N]}). */
    static StoreSource of(Instruction insn) {
        return of(insn, Registers.USERSPACE::stored);
    }

    /** The value with general register {@code n} (encoding order) spelled by {@code gpr}. */
    static StoreSource of(Instruction insn, IntFunction<String> gpr) {
        byte[] b = insn.bytes();
        int i = 0;
        while (i < b.length && legacyPrefix(b[i] & 0xff)) {
            i++;
        }
        int rex = i < b.length && (b[i] & 0xf0) == 0x40 ? b[i++] & 0xff : 0;
        if (insn.opcode().map() != OpcodeMap.PRIMARY || i + 1 >= b.length) {
            return new Unknown("the store is not a MOV from a general register or an immediate (" + bytes(insn)
                    + "): klas decodes the value only of those");
        }
        int op = b[i] & 0xff;
        int reg = (b[i + 1] >> 3) & 7;
        if (op == 0x88 && rex == 0 && reg >= 4) {
            return new Value("((" + gpr.apply(reg - 4) + " >> 8) & 0xffull)");
        }
        if (op == 0x88 || op == 0x89) {
            return new Value(gpr.apply(reg + ((rex >> 2) & 1) * 8));
        }
        if ((op == 0xc6 || op == 0xc7) && reg == 0 && insn.immediate().isPresent()) {
            int at = insn.immediate().get().offset();
            int size = insn.immediate().get().size();
            long v = 0;
            for (int k = size - 1; k >= 0; k--) {
                v = (v << 8) | (b[at + k] & 0xff);
            }
            v = (v << (64 - 8 * size)) >> (64 - 8 * size);
            return new Value("0x" + Long.toHexString(v) + "ull");
        }
        return new Unknown("the store is not a MOV from a general register or an immediate (" + bytes(insn)
                + "): klas decodes the value only of those");
    }

    private static String bytes(Instruction insn) {
        return "bytes " + HexFormat.ofDelimiter(" ").formatHex(insn.bytes());
    }

    private static boolean legacyPrefix(int b) {
        return b == 0x66 || b == 0x67 || b == 0xf0 || b == 0xf2 || b == 0xf3 || b == 0x2e || b == 0x36 || b == 0x3e
                || b == 0x26 || b == 0x64 || b == 0x65;
    }

}
