package dev.klas.resolve.dwarf;

import dev.klas.resolve.elf.Cursor;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs call frame instructions (DWARF5 6.4.2) far enough to know the CFA rule and where each register of the caller
 * is saved: {@code offset(N)} rules as a CFA offset, {@code same_value}/{@code restore} as none; any other rule
 * (another register, an expression, undefined) marks the register unknown.
 */
final class CfaMachine {
    /** Register rules: CFA offset of the saved value, or {@link #UNKNOWN}. Absent: the register holds its value. */
    static final long UNKNOWN = Long.MIN_VALUE;
    private Map<Integer, Long> rules = new HashMap<>();
    private Map<Integer, Long> initial = Map.of();
    private final Deque<Map<Integer, Long>> rememberedRules = new ArrayDeque<>();
    private final long codeAlign;
    private final long dataAlign;
    private CallFrames.Cfa cfa = new CallFrames.Unsupported("no DW_CFA_def_cfa");
    private int register = -1;
    private long offset;
    private final Deque<CallFrames.Cfa> remembered = new ArrayDeque<>();

    CfaMachine(long codeAlign, long dataAlign) {
        this.codeAlign = codeAlign;
        this.dataAlign = dataAlign;
    }

    CallFrames.Cfa cfa() {
        return cfa;
    }

    Map<Integer, Long> rules() {
        return Map.copyOf(rules);
    }

    /** The rules after the CIE's initial instructions, which DW_CFA_restore goes back to. */
    void markInitial() {
        initial = Map.copyOf(rules);
    }

    private void restore(int reg) {
        if (initial.containsKey(reg)) {
            rules.put(reg, initial.get(reg));
        } else {
            rules.remove(reg);
        }
    }

    private void set(int reg, long off) {
        register = reg;
        offset = off;
        cfa = new CallFrames.RegisterOffset(reg, off);
    }

    /** Runs the instructions in [from, to) while the location stays at or before {@code pc}. */
    void run(Cursor c, long from, long to, long pc, long location) {
        c.seek(from);
        c.limitTo(to);
        long loc = location;
        while (c.hasRemaining() && !c.failed()) {
            int op = c.u8();
            long advance = -1;
            switch (op & 0xc0) {
                case 0x40 -> advance = (op & 0x3f) * codeAlign;
                case 0x80 -> rules.put(op & 0x3f, c.uleb() * dataAlign);
                case 0xc0 -> restore(op & 0x3f);
                default -> advance = plain(c, op);
            }
            if (advance >= 0) {
                loc += advance;
                if (Long.compareUnsigned(loc, pc) > 0) {
                    return;
                }
            }
        }
        c.check();
    }

    /** One instruction of the 0x00-0x3f group; its location advance, or -1. */
    private long plain(Cursor c, int op) {
        switch (op) {
            case 0x00, 0x0a -> {
                if (op == 0x0a) {
                    remembered.push(cfa);
                    rememberedRules.push(new HashMap<>(rules));
                }
            }
            case 0x0b -> {
                if (!rememberedRules.isEmpty()) {
                    rules = rememberedRules.pop();
                }
                if (!remembered.isEmpty()) {
                    cfa = remembered.pop();
                    if (cfa instanceof CallFrames.RegisterOffset r) {
                        register = r.register();
                        offset = r.offset();
                    }
                }
            }
            case 0x01 -> {
                cfa = new CallFrames.Unsupported("DW_CFA_set_loc");
                c.skip(c.remaining());
            }
            case 0x02 -> {
                return c.u8() * codeAlign;
            }
            case 0x03 -> {
                return c.u16() * codeAlign;
            }
            case 0x04 -> {
                return c.u32() * codeAlign;
            }
            case 0x05 -> {
                int reg = c.ulebInt();
                rules.put(reg, c.uleb() * dataAlign);
            }
            case 0x09, 0x14 -> {
                rules.put(c.ulebInt(), UNKNOWN);
                c.uleb();
            }
            case 0x2f -> {
                c.uleb();
                c.uleb();
            }
            case 0x06 -> restore(c.ulebInt());
            case 0x07 -> rules.put(c.ulebInt(), UNKNOWN);
            case 0x08 -> rules.remove(c.ulebInt());
            case 0x2e -> c.uleb();
            case 0x0c -> set(c.ulebInt(), c.uleb());
            case 0x0d -> set(c.ulebInt(), offset);
            case 0x0e -> set(register, c.uleb());
            case 0x0f -> {
                c.skip(c.uleb());
                cfa = new CallFrames.Unsupported("the CFA is a DWARF expression (DW_CFA_def_cfa_expression)");
            }
            case 0x10, 0x16 -> {
                rules.put(c.ulebInt(), UNKNOWN);
                c.skip(c.uleb());
            }
            case 0x11 -> {
                int reg = c.ulebInt();
                rules.put(reg, c.sleb() * dataAlign);
            }
            case 0x15 -> {
                rules.put(c.ulebInt(), UNKNOWN);
                c.sleb();
            }
            case 0x12 -> set(c.ulebInt(), c.sleb() * dataAlign);
            case 0x13 -> set(register, c.sleb() * dataAlign);
            default -> c.fail("unknown call frame instruction 0x" + Integer.toHexString(op));
        }
        return -1;
    }
}
