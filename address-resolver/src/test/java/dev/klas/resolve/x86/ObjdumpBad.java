package dev.klas.resolve.x86;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Encodings objdump 2.40 prints as {@code (bad)} that the decoder accepts, each for a stated reason: one where the
 * CPU executes what objdump refuses, and the decoder's known limits: it decodes VEX/EVEX/XOP, 0F 38/0F 3A and the
 * SSE rows of 0F by shape (ModRM, immediate by map, SIMD prefix for sizes), which gives every defined instruction
 * its length and operand, without a table of which opcode/prefix pairs are defined. Everything else objdump calls
 * {@code (bad)} the decoder must refuse; each entry is counted in the report.
 */
final class ObjdumpBad {
    private ObjdumpBad() {
    }

    /**
     * @param name    short name shown in reports
     * @param matches the decoded instructions the entry covers
     * @param reason  why the CPU executes it, with the SDM section
     */
    record Accepted(String name, Predicate<Instruction> matches, String reason) {
    }

    static final List<Accepted> ALL = List.of(
            new Accepted("MPX #UD forms", i -> legacy(i, OpcodeMap.MAP_0F) && (i.opcode().value() == 0x1A
                    || i.opcode().value() == 0x1B)
                    && (i.opcode().reg().orElse(0) >= 4 || i.has(Attribute.RIP_RELATIVE)),
                    "0F 1A/1B naming BND4-7 in ModRM.reg, or BNDLDX/BNDSTX with a RIP-relative operand: #UD only"
                            + " while MPX is enabled; otherwise (and on CPUs without MPX) these are reserved NOPs"
                            + " that execute (SDM Vol. 2A BNDMOV, BNDCL, BNDLDX, BNDSTX: #UD)"),
            new Accepted("VEX/EVEX/XOP opcode table", i -> i.has(Attribute.VEX) || i.has(Attribute.EVEX)
                    || i.has(Attribute.XOP),
                    "decoder limit: no table of defined VEX/EVEX/XOP opcodes (VexCells decodes by map)"),
            new Accepted("0F 38 / 0F 3A opcode table", i -> legacy(i, OpcodeMap.MAP_0F38)
                    || legacy(i, OpcodeMap.MAP_0F3A),
                    "decoder limit: no table of defined legacy 0F 38 xx and 0F 3A xx opcodes"),
            new Accepted("SSE mandatory prefix", i -> legacy(i, OpcodeMap.MAP_0F) && sseRow(i.opcode().value()),
                    "decoder limit: the SSE rows of 0F (10-17, 28-2F, 50-7F, C2-C6, D0-FF) are decoded for any"
                            + " SIMD prefix, also ones SDM table A-3 leaves undefined for that opcode"));

    private static boolean legacy(Instruction i, OpcodeMap map) {
        return i.opcode().map() == map && !i.has(Attribute.VEX) && !i.has(Attribute.EVEX) && !i.has(Attribute.XOP);
    }

    private static boolean sseRow(int op) {
        return (op >= 0x10 && op <= 0x17) || (op >= 0x28 && op <= 0x2F) || (op >= 0x50 && op <= 0x7F)
                || (op >= 0xC2 && op <= 0xC6) || op >= 0xD0;
    }

    static Optional<Accepted> find(Instruction decoded) {
        return ALL.stream().filter(a -> a.matches().test(decoded)).findFirst();
    }
}
