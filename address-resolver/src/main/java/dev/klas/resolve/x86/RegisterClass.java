package dev.klas.resolve.x86;

/** Register files that can appear as base or index of a memory operand. */
public enum RegisterClass {
    /** 64-bit general-purpose registers (the default address size in 64-bit mode). */
    GPR64,
    /** 32-bit general-purpose registers (address size 32, prefix 0x67). */
    GPR32,
    /** The instruction pointer, for RIP-relative (or EIP-relative with 0x67) addressing. */
    IP64,
    IP32,
    /** Vector registers used as VSIB index (gathers and scatters). */
    XMM,
    YMM,
    ZMM
}
