package dev.klas.resolve.x86;

/**
 * Cells for VEX-, EVEX- and XOP-encoded opcodes: all take ModRM (except VZEROUPPER/VZEROALL, VEX 0F 77);
 * map 0F 3A and XOP map 8 add an imm8, XOP map 10 an imm32, and a few map-1 opcodes an imm8
 * (SDM Vol. 2 tables A-3..A-5; AMD APM Vol. 3 appendix A.1 for XOP).
 */
final class VexCells {
    private VexCells() {
    }

    private static final OpcodeSpec NO_OPERANDS = OpcodeSpec.parse(".");
    private static final OpcodeSpec MODRM = OpcodeSpec.parse("M:simd");
    private static final OpcodeSpec MODRM_IMM8 = OpcodeSpec.parse("M:simd,Ib");
    private static final OpcodeSpec MODRM_IMM32 = OpcodeSpec.parse("M:simd,Id");

    static OpcodeSpec cell(Escape escape) {
        int op = escape.opcode();
        return switch (escape.map()) {
            case MAP_0F -> {
                if (op == 0x77 && escape.encoding() == Escape.Encoding.VEX) {
                    yield NO_OPERANDS;
                }
                boolean imm = (op >= 0x70 && op <= 0x73) || (op >= 0xC2 && op <= 0xC6 && op != 0xC3);
                yield imm ? MODRM_IMM8 : MODRM;
            }
            case MAP_0F3A, XOP_MAP8 -> MODRM_IMM8;
            case XOP_MAP10 -> MODRM_IMM32;
            default -> MODRM;
        };
    }
}
