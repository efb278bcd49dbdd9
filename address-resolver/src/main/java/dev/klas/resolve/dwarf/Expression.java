package dev.klas.resolve.dwarf;

import dev.klas.resolve.elf.Cursor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** A DWARF expression (DWARF5 2.5) decoded into operations with their operands. */
public final class Expression {
    /** One operation: its code, up to two number operands, and a block operand (implicit_value, entry_value). */
    public record Op(int code, long a, long b, byte[] block) {
    }

    private Expression() {
    }

    /** Decodes {@code bytes}; addresses are {@code addressSize} bytes wide. */
    public static List<Op> decode(byte[] bytes, int addressSize) {
        Cursor c = DwarfFormatException.cursor(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), "expression");
        List<Op> out = new ArrayList<>();
        while (c.hasRemaining() && !c.failed()) {
            int op = c.u8();
            out.add(switch (op) {
                case DwOp.ADDR -> op(op, c.unsigned(addressSize));
                case DwOp.CONST1U, DwOp.PICK, DwOp.DEREF_SIZE, 0x95 /* xderef_size */ -> op(op, c.u8());
                case DwOp.CONST1S -> op(op, c.s8());
                case DwOp.CONST2U, 0x98 /* call2 */ -> op(op, c.u16());
                case DwOp.CONST2S, DwOp.BRA, DwOp.SKIP -> op(op, (short) c.u16());
                case DwOp.CONST4U, 0x99 /* call4 */ -> op(op, c.u32());
                case DwOp.CONST4S -> op(op, (int) c.u32());
                case DwOp.CONST8U, DwOp.CONST8S -> op(op, c.u64());
                case DwOp.CONSTU, DwOp.PLUS_UCONST, DwOp.REGX, DwOp.PIECE, DwOp.ADDRX, DwOp.CONSTX,
                        DwOp.CONVERT, 0xf7 /* GNU_convert */, 0xfb, 0xfc -> op(op, c.uleb());
                case DwOp.CONSTS, DwOp.FBREG -> op(op, c.sleb());
                case DwOp.BREGX -> new Op(op, c.uleb(), c.sleb(), null);
                case DwOp.BIT_PIECE, DwOp.REGVAL_TYPE, DwOp.DEREF_TYPE, 0xf5, 0xf6 -> op == DwOp.DEREF_TYPE || op == 0xf6
                        ? new Op(op, c.u8(), c.uleb(), null) : new Op(op, c.uleb(), c.uleb(), null);
                case DwOp.IMPLICIT_VALUE, DwOp.ENTRY_VALUE, DwOp.GNU_ENTRY_VALUE -> new Op(op, 0, 0,
                        c.bytes(c.uleb()));
                case DwOp.IMPLICIT_POINTER, DwOp.GNU_IMPLICIT_POINTER -> new Op(op, c.u32(), c.sleb(), null);
                case DwOp.GNU_PARAMETER_REF -> op(op, c.u32());
                case DwOp.CONST_TYPE -> {
                    long type = c.uleb();
                    yield new Op(op, type, 0, c.bytes(c.u8()));
                }
                default -> {
                    if (op >= DwOp.BREG0 && op <= DwOp.BREG31) {
                        yield op(op, c.sleb());
                    }
                    yield op(op, 0);
                }
            });
        }
        c.check();
        return out;
    }

    private static Op op(int code, long a) {
        return new Op(code, a, 0, null);
    }
}
