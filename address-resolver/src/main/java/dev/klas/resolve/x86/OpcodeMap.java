package dev.klas.resolve.x86;

/** Opcode maps (Intel SDM Vol. 2 appendix A.3; AMD APM Vol. 3 for 3DNow! and XOP). */
public enum OpcodeMap {
    /** One-byte opcodes (SDM table A-2). */
    PRIMARY,
    /** Two-byte opcodes 0F xx (SDM table A-3); also VEX/EVEX map 1. */
    MAP_0F,
    /** Three-byte opcodes 0F 38 xx (SDM table A-4); also VEX/EVEX map 2. */
    MAP_0F38,
    /** Three-byte opcodes 0F 3A xx (SDM table A-5); also VEX/EVEX map 3. */
    MAP_0F3A,
    /** AMD 3DNow! 0F 0F /r ib, whose opcode is the trailing byte. */
    MAP_3DNOW,
    /** EVEX map 5 (AVX512-FP16). */
    EVEX_MAP5,
    /** EVEX map 6 (AVX512-FP16). */
    EVEX_MAP6,
    /** AMD XOP map 8 (imm8 follows). */
    XOP_MAP8,
    /** AMD XOP map 9 (no immediate). */
    XOP_MAP9,
    /** AMD XOP map 10 (imm32 follows). */
    XOP_MAP10
}
