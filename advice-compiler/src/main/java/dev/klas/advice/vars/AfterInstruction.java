package dev.klas.advice.vars;

import dev.klas.resolve.x86.Instruction;
import dev.klas.resolve.x86.OpcodeMap;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Whether advice may run after a memory-writing instruction and still see the access as the instruction saw it: the
 * instruction must change nothing but its memory operand and the status flags, so that the registers of the
 * effective address (and every register the advice reads) hold what they held before it. True of the integer
 * read-modify-write forms with a memory destination (Intel SDM Vol. 2: ADD, OR, ADC, SBB, AND, SUB, XOR
 * {@code 00..31 /r} and {@code 80/81/83 /0-6}; INC, DEC {@code FE/FF /0-1}; NOT, NEG {@code F6/F7 /2-3}; the shifts and
 * rotates {@code C0/C1/D0-D3}) and of MOV to memory ({@code 88/89/C6/C7}); not of XADD, CMPXCHG or XCHG, which also
 * write a register.
 */
final class AfterInstruction {
    private AfterInstruction() {
    }

    /** Empty when advice can run after {@code insn}; else why not. */
    static Optional<String> problem(Instruction insn) {
        int op = insn.opcode().value();
        int reg = insn.opcode().modrm().orElse(0) >> 3 & 7;
        boolean fits = insn.opcode().map() == OpcodeMap.PRIMARY && insn.memory().isPresent() && (
                op <= 0x31 && (op & 7) <= 1
                        || (op == 0x80 || op == 0x81 || op == 0x83) && reg != 7
                        || (op == 0xfe || op == 0xff) && reg <= 1
                        || (op == 0xf6 || op == 0xf7) && (reg == 2 || reg == 3)
                        || op == 0xc0 || op == 0xc1 || op >= 0xd0 && op <= 0xd3
                        || op == 0x88 || op == 0x89 || (op == 0xc6 || op == 0xc7) && reg == 0);
        return fits ? Optional.empty() : Optional.of("the instruction (bytes "
                + HexFormat.ofDelimiter(" ").formatHex(insn.bytes()) + ") writes a register as well as the member"
                + " (as xadd, cmpxchg, xchg do) or is not one klas runs advice after (integer read-modify-writes and"
                + " mov to memory), so advice after it would not see the access's registers");
    }
}
