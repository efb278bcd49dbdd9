package dev.klas.hooks.plan;

/** How a hook diverts execution (klas_runtime.h: KLAS_INT3, KLAS_JUMP). */
public enum Mechanism {
    /** {@code 0xCC} on the first byte; SIGTRAP; the displaced instruction runs out of line. */
    INT3,
    /** A 5-byte {@code jmp rel32} to a per-hook trampoline. */
    JUMP
}
