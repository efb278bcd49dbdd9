package dev.klas.resolve.x86;

/** What an instruction does with its explicit memory operand. */
public enum Access {
    /** Loads from it. */
    READ,
    /** Stores to it without reading it first. */
    WRITE,
    /** Reads, modifies and writes it back (ADD m, r; INC m; XCHG; CMPXCHG). */
    READ_WRITE,
    /** Only forms an address: LEA, NOPs, prefetches, CLFLUSH, INVLPG. */
    NONE,
    /** Not known from the tables (MPX bound tables, some AVX-512 prefetches). */
    UNKNOWN
}
