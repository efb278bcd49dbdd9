package dev.klas.resolve.x86;

import java.util.OptionalInt;

/**
 * Which opcode an instruction is: map, opcode byte, and the ModRM.reg extension for group opcodes.
 *
 * @param map      opcode map
 * @param value    the opcode byte within the map (for 3DNow! the trailing suffix byte)
 * @param modrm    the ModRM byte, if the instruction has one
 * @param prefix   the SIMD prefix in effect: 0 none, 0x66, 0xF3 or 0xF2 (legacy last F2/F3, else 66; VEX/EVEX pp)
 * @param w        REX.W, VEX.W or EVEX.W
 */
public record Opcode(OpcodeMap map, int value, OptionalInt modrm, int prefix, boolean w) {

    /** ModRM.reg, the opcode extension of group opcodes ({@code /2} in FF /2). */
    public OptionalInt reg() {
        return modrm.isPresent() ? OptionalInt.of((modrm.getAsInt() >> 3) & 7) : OptionalInt.empty();
    }
}
