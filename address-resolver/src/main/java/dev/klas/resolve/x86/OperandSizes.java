package dev.klas.resolve.x86;

import java.util.OptionalInt;

/** Resolves a size code of {@link OpcodeSpec} or a size class of {@link SimdSizes} to bytes. */
final class OperandSizes {
    private OperandSizes() {
    }

    static OptionalInt resolve(OpcodeSpec spec, Escape escape, Prefixes prefixes, int modrm) {
        String code = spec.size();
        if (code.equals("simd") || !escape.legacy()) {
            code = SimdSizes.sizeClass(escape.map(), escape.opcode(), escape.prefix(), escape.evex());
        }
        if (code.equals("x87")) {
            int size = OpcodeTables.x87Size(escape.opcode(), (modrm >> 3) & 7);
            return size < 0 ? OptionalInt.empty() : OptionalInt.of(size);
        }
        int size = bytes(code, escape, prefixes);
        return size <= 0 ? OptionalInt.empty() : OptionalInt.of(size);
    }

    private static int bytes(String code, Escape escape, Prefixes prefixes) {
        boolean w = escape.w();
        boolean opsize16 = prefixes.operandSize() && !w;
        return switch (code) {
            case "", "-" -> 0;
            case "b" -> 1;
            case "w" -> 2;
            case "d" -> 4;
            case "q" -> 8;
            case "t" -> 10;
            case "v" -> w ? 8 : opsize16 ? 2 : 4;
            case "v64" -> opsize16 ? 2 : 8;
            case "y" -> w ? 8 : 4;
            case "e" -> w ? 2 : 1;
            case "p" -> w ? 10 : opsize16 ? 4 : 6;
            case "cx" -> w ? 16 : 8;
            case "k" -> escape.prefix() == 0x66 ? (w ? 4 : 1) : (w ? 8 : 2);
            case "x" -> vector(escape, 1);
            case "h" -> vector(escape, 2);
            case "q4" -> vector(escape, 4);
            case "o" -> vector(escape, 8);
            case "hw" -> vector(escape, w ? 1 : 2);
            case "dup" -> escape.legacy() || escape.length() == 0 ? 8 : 16 << escape.length();
            default -> Integer.parseInt(code);
        };
    }

    /** Full vector divided by {@code divisor}; an EVEX broadcast reads one element of W-size instead. */
    private static int vector(Escape escape, int divisor) {
        if (escape.legacy()) {
            boolean mmx = escape.prefix() == 0 && SimdSizes.mmxForm(escape.map(), escape.opcode());
            return (mmx ? 8 : 16) / divisor;
        }
        if (escape.evex() && escape.broadcast()) {
            return escape.w() ? 8 : 4;
        }
        return (16 << Math.min(escape.length(), 2)) / divisor;
    }
}
