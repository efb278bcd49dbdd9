package dev.klas.resolve.x86;

import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * One decoded instruction.
 *
 * @param address      address of its first byte
 * @param length       length in bytes (1..15)
 * @param bytes        its bytes (a copy)
 * @param opcode       map, opcode byte, ModRM, SIMD prefix, W
 * @param flow         control-flow kind
 * @param memory       explicit memory operand, if any
 * @param branchTarget absolute target of a direct (relative) branch, call or {@code xbegin}
 * @param displacement position of the displacement bytes (ModRM/SIB disp8/disp32, or a MOV moffs)
 * @param immediate    position of the immediate bytes (including rel8/rel32 of direct branches)
 * @param attributes   prefixes and other facts
 */
public record Instruction(long address, int length, byte[] bytes, Opcode opcode, Flow flow,
                          Optional<MemoryOperand> memory, Optional<Long> branchTarget,
                          Optional<Field> displacement, Optional<Field> immediate, Set<Attribute> attributes) {

    public Instruction {
        bytes = bytes.clone();
        attributes = attributes.isEmpty() ? Set.of()
                : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(attributes));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Address of the next instruction. */
    public long end() {
        return address + length;
    }

    public boolean has(Attribute attribute) {
        return attributes.contains(attribute);
    }

    public boolean isCall() {
        return flow == Flow.CALL || flow == Flow.INDIRECT_CALL;
    }

    public boolean isIndirect() {
        return flow == Flow.INDIRECT_CALL || flow == Flow.INDIRECT_JUMP;
    }

    @Override
    public String toString() {
        return String.format("0x%x: %s %s%s%s", address, HexFormat.ofDelimiter(" ").formatHex(bytes), flow,
                memory.map(m -> " mem=" + m).orElse(""),
                branchTarget.map(t -> " target=0x" + Long.toHexString(t)).orElse(""));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Instruction other && address == other.address
                && java.util.Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(address) * 31 + java.util.Arrays.hashCode(bytes);
    }
}
