package dev.klas.resolve.x86;

import java.util.Locale;

/**
 * One cell of an opcode table, parsed from its textual form in {@link OpcodeTables}.
 *
 * <p>Cell syntax, comma-separated parts: {@code .} nothing, {@code !} invalid in 64-bit mode, {@code P} a prefix
 * or escape byte (handled before any lookup), {@code M} ModRM,
 * {@code R} ModRM whose r/m is always a register (MOV to/from CR/DR), {@code M:size} ModRM with the memory
 * operand's size code, {@code Ib Iw Iz Iv Iwb Ibb Id} immediates, {@code Jb Jz} relative branch displacements,
 * {@code Ob Ov} moffs, {@code call jmp jcc ret icall ijmp} flow, {@code lea} address-only operand,
 * {@code r3} valid only with ModRM.mod = 3, {@code m} valid only with a memory operand (ModRM.mod != 3),
 * {@code f8} valid only as ModRM 11 000 000 (XABORT C6 F8, XBEGIN C7 F8), {@code g:NAME} group whose /reg cells
 * refine this one.
 *
 * <p>Size codes (SDM A.2.2): {@code b w d q t} 1, 2, 4, 8, 10 bytes; a decimal number of bytes; {@code v} operand
 * size; {@code v64} operand size defaulting to 64; {@code y} 4 or 8 by W; {@code p} far pointer; {@code cx}
 * CMPXCHG8B/16B; {@code x87} by the x87 table; {@code simd} by {@link SimdSizes}.
 */
record OpcodeSpec(boolean valid, boolean modrm, boolean registerOnly, ImmediateKind immediate, boolean relative,
                  String size, Flow flow, boolean addressOnly, Form form, String group) {

    /** The ModRM forms an opcode accepts (SDM Vol. 2 table A-6, its mem and 11B columns). */
    enum Form {
        ANY, REGISTER, MEMORY, REGISTER_RM0
    }

    static final OpcodeSpec INVALID = new OpcodeSpec(false, false, false, ImmediateKind.NONE, false, "",
            Flow.SEQUENTIAL, false, Form.ANY, "");

    static OpcodeSpec parse(String cell) {
        OpcodeSpec spec = new OpcodeSpec(true, false, false, ImmediateKind.NONE, false, "", Flow.SEQUENTIAL,
                false, Form.ANY, "");
        return spec.refine(cell);
    }

    /** This cell with the parts of {@code cell} applied on top (group cells refine their opcode's cell). */
    OpcodeSpec refine(String cell) {
        boolean v = valid;
        boolean m = modrm;
        boolean reg = registerOnly;
        ImmediateKind imm = immediate;
        boolean rel = relative;
        String sz = size;
        Flow fl = flow;
        boolean addr = addressOnly;
        Form fm = form;
        String grp = group;
        for (String part : cell.split(",")) {
            switch (part) {
                case "." -> { }
                case "!", "P" -> v = false;
                case "M" -> m = true;
                case "R" -> { m = true; reg = true; }
                case "Ib" -> imm = ImmediateKind.BYTE;
                case "Iw" -> imm = ImmediateKind.WORD;
                case "Iz" -> imm = ImmediateKind.WORD_OR_DWORD;
                case "Iv" -> imm = ImmediateKind.FULL;
                case "Iwb" -> imm = ImmediateKind.WORD_BYTE;
                case "Ibb" -> imm = ImmediateKind.TWO_BYTES;
                case "Id" -> imm = ImmediateKind.DWORD;
                case "Jb" -> { imm = ImmediateKind.BYTE; rel = true; }
                case "Jz" -> { imm = ImmediateKind.WORD_OR_DWORD; rel = true; }
                case "Ob" -> { imm = ImmediateKind.MOFFS; sz = "b"; }
                case "Ov" -> { imm = ImmediateKind.MOFFS; sz = "v"; }
                case "call" -> fl = Flow.CALL;
                case "jmp" -> fl = Flow.JUMP;
                case "jcc" -> fl = Flow.CONDITIONAL_JUMP;
                case "ret" -> fl = Flow.RETURN;
                case "icall" -> fl = Flow.INDIRECT_CALL;
                case "ijmp" -> fl = Flow.INDIRECT_JUMP;
                case "lea" -> addr = true;
                case "r3" -> fm = Form.REGISTER;
                case "m" -> fm = Form.MEMORY;
                case "f8" -> fm = Form.REGISTER_RM0;
                default -> {
                    if (part.startsWith("M:")) {
                        m = true;
                        sz = part.substring(2);
                    } else if (part.startsWith("g:")) {
                        grp = part.substring(2);
                    } else {
                        throw new IllegalArgumentException("bad opcode table cell part '" + part + "' in " + cell);
                    }
                }
            }
        }
        return new OpcodeSpec(v, m, reg, imm, rel, sz.toLowerCase(Locale.ROOT), fl, addr, fm, grp);
    }
}
