package dev.klas.resolve.x86;

/** Facts about an instruction beyond its opcode and flow. */
public enum Attribute {
    /** The memory operand is RIP- (or EIP-) relative. */
    RIP_RELATIVE,
    /** The memory operand only forms an address and does not access it: LEA, multi-byte NOP, hint NOPs, prefetches. */
    ADDRESS_ONLY,
    /** The immediate field is a branch displacement relative to the next instruction (rel8/rel16/rel32). */
    RELATIVE_IMMEDIATE,
    /** LOCK prefix (F0). */
    LOCK,
    /** REP/REPE prefix (F3). */
    REP,
    /** REPNE prefix (F2). */
    REPNE,
    /** Operand-size override (66). */
    OPERAND_SIZE_OVERRIDE,
    /** Address-size override (67). */
    ADDRESS_SIZE_OVERRIDE,
    /** Encoded with VEX (C4/C5). */
    VEX,
    /** Encoded with EVEX (62). */
    EVEX,
    /** Encoded with AMD XOP (8F). */
    XOP
}
