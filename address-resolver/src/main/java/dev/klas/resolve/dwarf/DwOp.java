package dev.klas.resolve.dwarf;

/** DWARF expression operations used by klas (DWARF5 7.7.1, Table 7.9, plus the GNU ones gcc emits). */
public final class DwOp {
    public static final int ADDR = 0x03;
    public static final int DEREF = 0x06;
    public static final int CONST1U = 0x08;
    public static final int CONST1S = 0x09;
    public static final int CONST2U = 0x0a;
    public static final int CONST2S = 0x0b;
    public static final int CONST4U = 0x0c;
    public static final int CONST4S = 0x0d;
    public static final int CONST8U = 0x0e;
    public static final int CONST8S = 0x0f;
    public static final int CONSTU = 0x10;
    public static final int CONSTS = 0x11;
    public static final int DUP = 0x12;
    public static final int DROP = 0x13;
    public static final int OVER = 0x14;
    public static final int PICK = 0x15;
    public static final int SWAP = 0x16;
    public static final int ABS = 0x19;
    public static final int AND = 0x1a;
    public static final int DIV = 0x1b;
    public static final int MINUS = 0x1c;
    public static final int MOD = 0x1d;
    public static final int MUL = 0x1e;
    public static final int NEG = 0x1f;
    public static final int NOT = 0x20;
    public static final int OR = 0x21;
    public static final int PLUS = 0x22;
    public static final int PLUS_UCONST = 0x23;
    public static final int SHL = 0x24;
    public static final int SHR = 0x25;
    public static final int SHRA = 0x26;
    public static final int XOR = 0x27;
    public static final int BRA = 0x28;
    public static final int SKIP = 0x2f;
    public static final int LIT0 = 0x30;
    public static final int LIT31 = 0x4f;
    public static final int REG0 = 0x50;
    public static final int REG31 = 0x6f;
    public static final int BREG0 = 0x70;
    public static final int BREG31 = 0x8f;
    public static final int REGX = 0x90;
    public static final int FBREG = 0x91;
    public static final int BREGX = 0x92;
    public static final int PIECE = 0x93;
    public static final int DEREF_SIZE = 0x94;
    public static final int NOP = 0x96;
    public static final int CALL_FRAME_CFA = 0x9c;
    public static final int BIT_PIECE = 0x9d;
    public static final int IMPLICIT_VALUE = 0x9e;
    public static final int STACK_VALUE = 0x9f;
    public static final int IMPLICIT_POINTER = 0xa0;
    public static final int ADDRX = 0xa1;
    public static final int CONSTX = 0xa2;
    public static final int ENTRY_VALUE = 0xa3;
    public static final int CONST_TYPE = 0xa4;
    public static final int REGVAL_TYPE = 0xa5;
    public static final int DEREF_TYPE = 0xa6;
    public static final int CONVERT = 0xa8;
    public static final int GNU_PUSH_TLS_ADDRESS = 0xe0;
    public static final int GNU_ENTRY_VALUE = 0xf3;
    public static final int GNU_IMPLICIT_POINTER = 0xf2;
    public static final int GNU_PARAMETER_REF = 0xfa;
    public static final int FORM_TLS_ADDRESS = 0x9b;

    private DwOp() {
    }

    /** The name as the standard spells it, for messages. */
    public static String name(int op) {
        if (op >= LIT0 && op <= LIT31) {
            return "DW_OP_lit" + (op - LIT0);
        }
        if (op >= REG0 && op <= REG31) {
            return "DW_OP_reg" + (op - REG0);
        }
        if (op >= BREG0 && op <= BREG31) {
            return "DW_OP_breg" + (op - BREG0);
        }
        return switch (op) {
            case ADDR -> "DW_OP_addr";
            case DEREF -> "DW_OP_deref";
            case BRA -> "DW_OP_bra";
            case SKIP -> "DW_OP_skip";
            case REGX -> "DW_OP_regx";
            case FBREG -> "DW_OP_fbreg";
            case BREGX -> "DW_OP_bregx";
            case PIECE -> "DW_OP_piece";
            case BIT_PIECE -> "DW_OP_bit_piece";
            case CALL_FRAME_CFA -> "DW_OP_call_frame_cfa";
            case IMPLICIT_VALUE -> "DW_OP_implicit_value";
            case STACK_VALUE -> "DW_OP_stack_value";
            case IMPLICIT_POINTER, GNU_IMPLICIT_POINTER -> "DW_OP_implicit_pointer";
            case ENTRY_VALUE, GNU_ENTRY_VALUE -> "DW_OP_entry_value";
            case GNU_PUSH_TLS_ADDRESS, FORM_TLS_ADDRESS -> "DW_OP_form_tls_address";
            case GNU_PARAMETER_REF -> "DW_OP_GNU_parameter_ref";
            case CONST_TYPE -> "DW_OP_const_type";
            case REGVAL_TYPE -> "DW_OP_regval_type";
            case DEREF_TYPE -> "DW_OP_deref_type";
            case CONVERT -> "DW_OP_convert";
            default -> "DW_OP_0x" + Integer.toHexString(op);
        };
    }
}
