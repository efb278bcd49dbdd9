package dev.klas.resolve.x86;

/** What an instruction does to control flow. */
public enum Flow {
    /** Falls through to the next instruction (including {@code xbegin}, which also names an abort target). */
    SEQUENTIAL,
    /** Direct call, rel32 (E8). */
    CALL,
    /** Direct unconditional jump, rel8 or rel32 (EB, E9). */
    JUMP,
    /** Conditional direct jump: Jcc rel8/rel32, LOOP*, JrCXZ. */
    CONDITIONAL_JUMP,
    /** Indirect call through a register or memory (FF /2, far FF /3). */
    INDIRECT_CALL,
    /** Indirect jump through a register or memory (FF /4, far FF /5). */
    INDIRECT_JUMP,
    /** RET, RETF, IRET. */
    RETURN
}
