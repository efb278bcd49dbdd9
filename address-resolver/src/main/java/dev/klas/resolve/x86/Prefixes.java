package dev.klas.resolve.x86;

import java.util.Optional;

/**
 * Legacy prefixes and REX of one instruction (SDM Vol. 2 2.1.1 and 2.2.1). A REX byte counts only when it
 * immediately precedes the opcode; a legacy prefix after it cancels it.
 *
 * @param operandSize 66 present
 * @param addressSize 67 present
 * @param lock        F0 present
 * @param repeat      the last of F2/F3, or 0
 * @param hasF2       F2 present
 * @param hasF3       F3 present
 * @param segment     the last FS/GS override, else the last ES/CS/SS/DS override (which 64-bit mode ignores,
 *                    SDM Vol. 1 3.3.7.1, so an FS or GS anywhere among the prefixes wins)
 * @param rex         the REX byte, or 0
 */
record Prefixes(boolean operandSize, boolean addressSize, boolean lock, int repeat, boolean hasF2, boolean hasF3,
                Optional<Segment> segment, int rex) {

    /** The prefixes and the first byte after them (opcode or escape), already consumed. */
    record Scan(Prefixes prefixes, int opcode) {
    }

    /** Reads prefixes and the byte that ends them. */
    static Scan read(Cursor cursor) throws DecodeException {
        boolean opsize = false;
        boolean addr = false;
        boolean lock = false;
        int repeat = 0;
        boolean f2 = false;
        boolean f3 = false;
        Optional<Segment> segment = Optional.empty();
        int rex = 0;
        while (true) {
            int b = cursor.next();
            Optional<Segment> seg = segmentOf(b);
            if (seg.isPresent()) {
                boolean fsOrGs = seg.get() == Segment.FS || seg.get() == Segment.GS;
                if (fsOrGs || segment.filter(s -> s == Segment.FS || s == Segment.GS).isEmpty()) {
                    segment = seg;
                }
                rex = 0;
            } else if (b == 0x66) {
                opsize = true;
                rex = 0;
            } else if (b == 0x67) {
                addr = true;
                rex = 0;
            } else if (b == 0xF0) {
                lock = true;
                rex = 0;
            } else if (b == 0xF2 || b == 0xF3) {
                repeat = b;
                f2 |= b == 0xF2;
                f3 |= b == 0xF3;
                rex = 0;
            } else if ((b & 0xF0) == 0x40) {
                rex = b;
            } else {
                return new Scan(new Prefixes(opsize, addr, lock, repeat, f2, f3, segment, rex), b);
            }
        }
    }

    boolean rexW() {
        return (rex & 8) != 0;
    }

    /** SIMD prefix of legacy-encoded SSE instructions: the last F2/F3, else 66, else none. */
    int simdPrefix() {
        return repeat != 0 ? repeat : operandSize ? 0x66 : 0;
    }

    /** True when any prefix that VEX/EVEX/XOP forbid before them is present (SDM Vol. 2 2.3.2). */
    boolean forbidsVex() {
        return operandSize || lock || repeat != 0 || rex != 0;
    }

    private static Optional<Segment> segmentOf(int b) {
        return switch (b) {
            case 0x26 -> Optional.of(Segment.ES);
            case 0x2E -> Optional.of(Segment.CS);
            case 0x36 -> Optional.of(Segment.SS);
            case 0x3E -> Optional.of(Segment.DS);
            case 0x64 -> Optional.of(Segment.FS);
            case 0x65 -> Optional.of(Segment.GS);
            default -> Optional.empty();
        };
    }
}
