package dev.klas.advice.vars;

import dev.klas.resolve.dwarf.CallFrames;
import dev.klas.resolve.dwarf.DwOp;
import dev.klas.resolve.dwarf.Expression;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;

/**
 * Translates a DWARF location expression (DWARF5 2.5, 2.6) into C over the saved registers, at weave time: the
 * stack machine runs on C expressions instead of numbers, so the advice computes the value with no interpreter.
 * Control flow ({@code DW_OP_bra}, {@code DW_OP_skip}), typed operations and implicit pointers are refused.
 */
final class LocationCode {
    private final Frame frame;
    private final Registers regs;

    private LocationCode(Frame frame, Registers regs) {
        this.frame = frame;
        this.regs = regs;
    }

    /** The read of a variable whose location at the hook is {@code ops}. */
    static Read of(List<Expression.Op> ops, Frame frame, Registers regs) {
        try {
            return new Read.Parts(new LocationCode(frame, regs).parts(ops));
        } catch (Unreadable e) {
            return new Read.Unavailable(e.getMessage());
        }
    }

    private static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    private List<Read.Part> parts(List<Expression.Op> ops) throws Unreadable {
        if (ops.isEmpty()) {
            throw new Unreadable("its location is empty (optimized out here)");
        }
        List<Read.Part> out = new ArrayList<>();
        long offset = 0;
        int from = 0;
        for (int i = 0; i < ops.size(); i++) {
            Expression.Op op = ops.get(i);
            if (op.code() == DwOp.PIECE) {
                if (i == from) {
                    throw new Unreadable(op.a() + " of its bytes are optimized out here (an empty DW_OP_piece)");
                }
                out.add(part(ops.subList(from, i), offset, op.a()));
                offset += op.a();
                from = i + 1;
            } else if (op.code() == DwOp.BIT_PIECE) {
                throw new Unreadable("its location has bit pieces (DW_OP_bit_piece), which klas does not read");
            }
        }
        if (from < ops.size()) {
            out.add(part(ops.subList(from, ops.size()), offset, from == 0 ? -1 : -2));
        }
        if (out.stream().anyMatch(p -> p.size() == -2)) {
            throw new Unreadable("its location ends with a part that has no DW_OP_piece size");
        }
        return out;
    }

    /** One piece: a register, an implicit value, a computed value or a memory address. */
    private Read.Part part(List<Expression.Op> ops, long offset, long size) throws Unreadable {
        Expression.Op last = ops.get(ops.size() - 1);
        if (ops.size() == 1 && isRegister(last)) {
            return new Read.Part(offset, size, Read.Part.Kind.VALUE, register(registerNumber(last)));
        }
        if (ops.size() == 1 && last.code() == DwOp.IMPLICIT_VALUE) {
            return new Read.Part(offset, size, Read.Part.Kind.BYTES, hex(last.block()));
        }
        if (last.code() == DwOp.STACK_VALUE) {
            return new Read.Part(offset, size, Read.Part.Kind.VALUE, evaluate(ops.subList(0, ops.size() - 1)));
        }
        return new Read.Part(offset, size, Read.Part.Kind.MEMORY, evaluate(ops));
    }

    private static boolean isRegister(Expression.Op op) {
        return (op.code() >= DwOp.REG0 && op.code() <= DwOp.REG31) || op.code() == DwOp.REGX;
    }

    private static int registerNumber(Expression.Op op) {
        return op.code() == DwOp.REGX ? (int) op.a() : op.code() - DwOp.REG0;
    }

    private String register(int number) throws Unreadable {
        return regs.gpr(number).orElseThrow(() -> new Unreadable("it is in " + Registers.name(number)
                + ", not a general register the hook saves"));
    }

    /** The value on top of the stack after {@code ops}, as a C expression of type uint64_t. */
    private String evaluate(List<Expression.Op> ops) throws Unreadable {
        Deque<String> stack = new ArrayDeque<>();
        for (Expression.Op op : ops) {
            step(op, stack);
        }
        if (stack.isEmpty()) {
            throw new Unreadable("its location expression leaves nothing on the stack");
        }
        return stack.peek();
    }

    private void step(Expression.Op op, Deque<String> s) throws Unreadable {
        int code = op.code();
        if (code >= DwOp.LIT0 && code <= DwOp.LIT31) {
            s.push(constant(code - DwOp.LIT0));
        } else if (code >= DwOp.BREG0 && code <= DwOp.BREG31) {
            s.push(plus(register(code - DwOp.BREG0), op.a()));
        } else if (isRegister(op)) {
            throw new Unreadable("its location uses " + DwOp.name(code) + " inside a computation");
        } else {
            switch (code) {
                case DwOp.ADDR -> s.push(address(op.a()));
                case DwOp.CONST1U, DwOp.CONST1S, DwOp.CONST2U, DwOp.CONST2S, DwOp.CONST4U, DwOp.CONST4S,
                        DwOp.CONST8U, DwOp.CONST8S, DwOp.CONSTU, DwOp.CONSTS -> s.push(constant(op.a()));
                case DwOp.BREGX -> s.push(plus(register((int) op.a()), op.b()));
                case DwOp.FBREG -> s.push(plus(frameBase(), op.a()));
                case DwOp.CALL_FRAME_CFA -> s.push(cfa());
                case DwOp.PLUS_UCONST -> s.push(plus(pop(s), op.a()));
                case DwOp.DEREF -> s.push(regs.load(64, pop(s)));
                case DwOp.DEREF_SIZE -> s.push(regs.load(width(op.a()), pop(s)));
                case DwOp.DUP -> s.push(top(s));
                case DwOp.DROP -> pop(s);
                case DwOp.SWAP -> {
                    String a = pop(s);
                    String b = pop(s);
                    s.push(a);
                    s.push(b);
                }
                case DwOp.OVER -> {
                    String a = pop(s);
                    String b = top(s);
                    s.push(a);
                    s.push(b);
                }
                case DwOp.PLUS, DwOp.MINUS, DwOp.MUL, DwOp.AND, DwOp.OR, DwOp.XOR, DwOp.SHL, DwOp.SHR -> {
                    String b = pop(s);
                    String a = pop(s);
                    s.push("(" + a + " " + binary(code) + " " + b + ")");
                }
                case DwOp.SHRA -> {
                    String b = pop(s);
                    s.push("((uint64_t)((int64_t)" + pop(s) + " >> " + b + "))");
                }
                case DwOp.NEG -> s.push("(-" + pop(s) + ")");
                case DwOp.NOT -> s.push("(~" + pop(s) + ")");
                case DwOp.ENTRY_VALUE, DwOp.GNU_ENTRY_VALUE -> s.push(entryValue(op));
                case DwOp.NOP -> {
                }
                default -> throw new Unreadable("its location uses " + DwOp.name(code) + ", which klas does not"
                        + " translate");
            }
        }
    }

    private String address(long a) throws Unreadable {
        java.util.Optional<String> no = regs.addressRefused(a);
        if (no.isPresent()) {
            throw new Unreadable(no.get());
        }
        return regs.address(a);
    }

    private String entryValue(Expression.Op op) throws Unreadable {
        List<Expression.Op> inner = Expression.decode(op.block(), frame.addressSize());
        if (!frame.atEntry() && frame.callers().isPresent() && inner.size() == 1 && isRegister(inner.get(0))) {
            return fromCalls(registerNumber(inner.get(0)), frame.callers().get());
        }
        if (!frame.atEntry()) {
            throw new Unreadable("only its value at the function's entry is known here (DW_OP_entry_value), and"
                    + " the hook is not at the entry");
        }
        if (inner.size() == 1 && isRegister(inner.get(0))) {
            return register(registerNumber(inner.get(0)));
        }
        return evaluate(inner);
    }

    /**
     * The entry value of register {@code reg}: the return address (at CFA-8) tells which call entered the function,
     * and that call's {@code DW_AT_call_value} for {@code reg} is evaluated over the caller's registers. A return
     * address of no such call sets {@code klas_lost} (the advice does not run for that hit: no value is guessed).
     */
    private String fromCalls(int reg, Callers callers) throws Unreadable {
        String cfa = cfa();
        Registers caller = callers.at(regs, cfa);
        StringBuilder chain = new StringBuilder();
        int known = 0;
        for (CallSites.Call call : callers.calls()) {
            byte[] value = call.values().get(reg);
            if (value == null || regs.addressRefused(call.returnPc()).isPresent()) {
                continue;
            }
            try {
                String v = new LocationCode(callers.frameOf(call), caller)
                        .evaluate(Expression.decode(value, call.addressSize()));
                chain.append("klas_ra == ").append(regs.address(call.returnPc())).append(" ? ").append(v)
                        .append(" : ");
                known++;
            } catch (Unreadable e) {
                /* that call's value is not recoverable: a hit entered by it sets klas_lost */
            }
        }
        if (known == 0) {
            throw new Unreadable("only its value at the function's entry is known here (DW_OP_entry_value), the"
                    + " hook is not at the entry, and no call of the function in DWARF gives " + Registers.name(reg)
                    + " in terms klas can recover in the caller's frame (DW_TAG_call_site_parameter)");
        }
        return "({ uint64_t klas_ra = " + regs.returnAddress(regs.load(64, plus(cfa, -8))) + "; " + chain
                + "(klas_lost = 1, 0ull); })";
    }

    private String frameBase() throws Unreadable {
        List<Expression.Op> fb = frame.frameBase().orElseThrow(() -> new Unreadable(
                "its location is relative to a frame base (DW_OP_fbreg) and the function has no DW_AT_frame_base"));
        if (fb.size() == 1 && isRegister(fb.get(0))) {
            return register(registerNumber(fb.get(0)));
        }
        if (fb.stream().anyMatch(o -> o.code() == DwOp.FBREG)) {
            throw new Unreadable("the function's frame base refers to itself");
        }
        return evaluate(fb);
    }

    private String cfa() throws Unreadable {
        CallFrames.Cfa c = frame.cfa().orElseThrow(() -> new Unreadable(
                "its location needs the canonical frame address and no call frame information covers the hook"));
        if (c instanceof CallFrames.RegisterOffset r) {
            return plus(register(r.register()), r.offset());
        }
        throw new Unreadable("the canonical frame address at the hook is not register+offset: "
                + ((CallFrames.Unsupported) c).reason());
    }

    private static String binary(int code) {
        return switch (code) {
            case DwOp.PLUS -> "+";
            case DwOp.MINUS -> "-";
            case DwOp.MUL -> "*";
            case DwOp.AND -> "&";
            case DwOp.OR -> "|";
            case DwOp.XOR -> "^";
            case DwOp.SHL -> "<<";
            default -> ">>";
        };
    }

    private static int width(long size) throws Unreadable {
        return switch ((int) size) {
            case 1 -> 8;
            case 2 -> 16;
            case 4 -> 32;
            case 8 -> 64;
            default -> throw new Unreadable("DW_OP_deref_size " + size + " is not a C integer width");
        };
    }

    private static String pop(Deque<String> s) throws Unreadable {
        if (s.isEmpty()) {
            throw new Unreadable("its location expression pops an empty stack");
        }
        return s.pop();
    }

    private static String top(Deque<String> s) throws Unreadable {
        if (s.isEmpty()) {
            throw new Unreadable("its location expression reads an empty stack");
        }
        return s.peek();
    }

    static String constant(long v) {
        return "0x" + Long.toHexString(v) + "ull";
    }

    static String plus(String base, long offset) {
        if (offset == 0) {
            return "(" + base + ")";
        }
        return offset < 0 ? "(" + base + " - " + constant(-offset) + ")" : "(" + base + " + " + constant(offset) + ")";
    }

    private static String hex(byte[] b) {
        List<String> out = new ArrayList<>();
        for (byte x : b) {
            out.add("0x" + HexFormat.of().toHexDigits(x));
        }
        return String.join(", ", out);
    }
}
