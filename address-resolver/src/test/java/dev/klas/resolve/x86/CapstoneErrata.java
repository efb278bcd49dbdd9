package dev.klas.resolve.x86;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where Capstone 4.0.2 gives a memory operand an access the Intel SDM (Vol. 2, the instruction's page) does not,
 * and the SDM's access, which the decoder is then held to. Each entry is counted in the report; an entry no binary
 * uses is harmless, an access not listed here is compared as Capstone gives it.
 */
final class CapstoneErrata {
    private CapstoneErrata() {
    }

    /**
     * @param name        short name shown in reports
     * @param mnemonic    Capstone's mnemonics the entry applies to
     * @param capstone    the access Capstone gives
     * @param destination the entry applies only when the memory operand is Capstone's first (destination) operand
     * @param sdm         the access the SDM gives
     * @param reason      why, with the SDM section
     */
    record Erratum(String name, Pattern mnemonic, Access capstone, boolean destination, Access sdm, String reason) {
        Erratum(String name, String mnemonic, Access capstone, boolean destination, Access sdm, String reason) {
            this(name, Pattern.compile(mnemonic), capstone, destination, sdm, reason);
        }
    }

    private static final Access R = Access.READ;
    private static final Access W = Access.WRITE;
    private static final Access RW = Access.READ_WRITE;
    private static final Access N = Access.NONE;

    static final List<Erratum> ALL = List.of(
            new Erratum("lea", "lea", R, false, N,
                    "LEA stores the effective address in a register; memory is not accessed (SDM Vol. 2A LEA)"),
            new Erratum("nop", "nop", R, false, N,
                    "0F 1F /0 NOP r/m: no operation, the operand is not accessed (SDM Vol. 2B NOP)"),
            new Erratum("prefetch", "prefetch(t0|t1|t2|nta|w|wt1)?", R, false, N,
                    "prefetches are hints that do not affect program behaviour and do not fault"
                            + " (SDM Vol. 2B PREFETCHh, PREFETCHW)"),
            new Erratum("cache line flush", "clflush|clflushopt|clwb", R, false, N,
                    "CLFLUSH/CLFLUSHOPT/CLWB write back or invalidate the line; no data is loaded or stored"
                            + " (SDM Vol. 2A CLFLUSH, CLFLUSHOPT, CLWB)"),
            new Erratum("invlpg", "invlpg", R, false, N,
                    "INVLPG invalidates the TLB entries of the page the operand names (SDM Vol. 2A INVLPG)"),
            new Erratum("cmpxchg", "cmpxchg|cmpxchg8b|cmpxchg16b", R, false, RW,
                    "CMPXCHG/CMPXCHG8B/CMPXCHG16B write the destination in both outcomes, the old value back when"
                            + " the comparison fails (SDM Vol. 2A CMPXCHG, CMPXCHG8B/CMPXCHG16B, Operation)"),
            new Erratum("test", "test", RW, false, R,
                    "TEST ANDs its operands, sets flags and discards the result (SDM Vol. 2B TEST, Operation)"),
            new Erratum("rotate", "rol|ror|rcl|rcr", R, false, RW,
                    "RCL/RCR/ROL/ROR rotate the destination in place (SDM Vol. 2B RCL/RCR/ROL/ROR)"),
            new Erratum("x87 store", "fst|fstp|fist|fistp|fisttp|fbstp|fnstcw|fnstenv|fnsave|fnstsw", R, false, W,
                    "FST/FSTP/FIST/FISTP/FISTTP/FBSTP store ST(0), FNSTCW/FNSTENV/FNSAVE/FNSTSW store FPU state"
                            + " (SDM Vol. 2A FST/FSTP, FIST/FISTP, FISTTP, FBSTP, FSTCW, FSTENV, FSAVE, FSTSW)"),
            new Erratum("frstor", "frstor", W, false, R,
                    "FRSTOR loads the FPU state from memory (SDM Vol. 2A FRSTOR)"),
            new Erratum("stmxcsr", "v?stmxcsr", R, false, W,
                    "STMXCSR stores MXCSR to memory (SDM Vol. 2B STMXCSR)"),
            new Erratum("setcc", "set[a-z]+", R, false, W,
                    "SETcc stores 0 or 1 to its byte operand (SDM Vol. 2B SETcc)"),
            new Erratum("simd store", "v?mov[a-z0-9]*|v?pextr[bwdq]|v?extract[a-z0-9]*|vpmov[a-z0-9]*"
                    + "|v?p?compress[a-z]*|vcvtps2ph|vp?scatter[a-z]*|vmaskmov[a-z]*|vpmaskmov[a-z]*", R, true, W,
                    "the store forms (memory first in Intel order) of the SSE/AVX moves, extracts, down-converting"
                            + " moves, compresses and scatters write the memory operand (SDM Vol. 2 MOVUPS, MOVQ,"
                            + " PEXTRW, VEXTRACTI128, VPMOVQD, VPCOMPRESSD, VCVTPS2PH, VPSCATTERDD, MOVNTI, ...)"));

    static Optional<Erratum> find(String mnemonic, Access capstone, boolean destination) {
        return ALL.stream().filter(e -> e.capstone() == capstone && (destination || !e.destination())
                && e.mnemonic().matcher(mnemonic).matches()).findFirst();
    }
}
