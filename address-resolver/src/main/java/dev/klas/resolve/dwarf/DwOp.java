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

    /** The name as the standard (or GNU) spells it, for messages. */
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
            case 0x03 -> "DW_OP_addr";
            case 0x06 -> "DW_OP_deref";
            case 0x08 -> "DW_OP_const1u";
            case 0x09 -> "DW_OP_const1s";
            case 0x0a -> "DW_OP_const2u";
            case 0x0b -> "DW_OP_const2s";
            case 0x0c -> "DW_OP_const4u";
            case 0x0d -> "DW_OP_const4s";
            case 0x0e -> "DW_OP_const8u";
            case 0x0f -> "DW_OP_const8s";
            case 0x10 -> "DW_OP_constu";
            case 0x11 -> "DW_OP_consts";
            case 0x12 -> "DW_OP_dup";
            case 0x13 -> "DW_OP_drop";
            case 0x14 -> "DW_OP_over";
            case 0x15 -> "DW_OP_pick";
            case 0x16 -> "DW_OP_swap";
            case 0x17 -> "DW_OP_rot";
            case 0x18 -> "DW_OP_xderef";
            case 0x19 -> "DW_OP_abs";
            case 0x1a -> "DW_OP_and";
            case 0x1b -> "DW_OP_div";
            case 0x1c -> "DW_OP_minus";
            case 0x1d -> "DW_OP_mod";
            case 0x1e -> "DW_OP_mul";
            case 0x1f -> "DW_OP_neg";
            case 0x20 -> "DW_OP_not";
            case 0x21 -> "DW_OP_or";
            case 0x22 -> "DW_OP_plus";
            case 0x23 -> "DW_OP_plus_uconst";
            case 0x24 -> "DW_OP_shl";
            case 0x25 -> "DW_OP_shr";
            case 0x26 -> "DW_OP_shra";
            case 0x27 -> "DW_OP_xor";
            case 0x28 -> "DW_OP_bra";
            case 0x29 -> "DW_OP_eq";
            case 0x2a -> "DW_OP_ge";
            case 0x2b -> "DW_OP_gt";
            case 0x2c -> "DW_OP_le";
            case 0x2d -> "DW_OP_lt";
            case 0x2e -> "DW_OP_ne";
            case 0x2f -> "DW_OP_skip";
            case 0x90 -> "DW_OP_regx";
            case 0x91 -> "DW_OP_fbreg";
            case 0x92 -> "DW_OP_bregx";
            case 0x93 -> "DW_OP_piece";
            case 0x94 -> "DW_OP_deref_size";
            case 0x95 -> "DW_OP_xderef_size";
            case 0x96 -> "DW_OP_nop";
            case 0x97 -> "DW_OP_push_object_address";
            case 0x98 -> "DW_OP_call2";
            case 0x99 -> "DW_OP_call4";
            case 0x9a -> "DW_OP_call_ref";
            case 0x9b -> "DW_OP_form_tls_address";
            case 0x9c -> "DW_OP_call_frame_cfa";
            case 0x9d -> "DW_OP_bit_piece";
            case 0x9e -> "DW_OP_implicit_value";
            case 0x9f -> "DW_OP_stack_value";
            case 0xa0 -> "DW_OP_implicit_pointer";
            case 0xa1 -> "DW_OP_addrx";
            case 0xa2 -> "DW_OP_constx";
            case 0xa3 -> "DW_OP_entry_value";
            case 0xa4 -> "DW_OP_const_type";
            case 0xa5 -> "DW_OP_regval_type";
            case 0xa6 -> "DW_OP_deref_type";
            case 0xa7 -> "DW_OP_xderef_type";
            case 0xa8 -> "DW_OP_convert";
            case 0xa9 -> "DW_OP_reinterpret";
            case 0xe0 -> "DW_OP_GNU_push_tls_address";
            case 0xf0 -> "DW_OP_GNU_uninit";
            case 0xf1 -> "DW_OP_GNU_encoded_addr";
            case 0xf2 -> "DW_OP_GNU_implicit_pointer";
            case 0xf3 -> "DW_OP_GNU_entry_value";
            case 0xf4 -> "DW_OP_GNU_const_type";
            case 0xf5 -> "DW_OP_GNU_regval_type";
            case 0xf6 -> "DW_OP_GNU_deref_type";
            case 0xf7 -> "DW_OP_GNU_convert";
            case 0xf9 -> "DW_OP_GNU_reinterpret";
            case 0xfa -> "DW_OP_GNU_parameter_ref";
            case 0xfb -> "DW_OP_GNU_addr_index";
            case 0xfc -> "DW_OP_GNU_const_index";
            case 0xfd -> "DW_OP_GNU_variable_value";
            default -> "DW_OP_0x" + Integer.toHexString(op);
        };
    }
}
