package dev.klas.resolve.x86;

import java.util.List;

/**
 * Memory operand sizes of SSE/AVX/AVX-512 opcodes (maps 0F, 0F 38, 0F 3A; legacy, VEX and EVEX), as size classes
 * per SIMD prefix. The size also gives the EVEX disp8 compression factor N: for every tuple type of SDM Vol. 2
 * tables 2-34 and 2-35 (full, half, quarter, eighth, tuple1 scalar/fixed, tuple2/4/8, M128, MOVDDUP) N equals the
 * number of bytes the memory operand covers (one element when broadcasting).
 *
 * <p>Rows: {@code OPCODE[-OPCODE] none 66 F3 F2}. Classes: {@code x} full vector (legacy 16, or 8 for MMX forms;
 * VEX 16&lt;&lt;L; EVEX vector length, element size by W when broadcasting), {@code h q4 o} half, quarter, eighth of
 * that, {@code hw} half with W0 and full with W1, {@code dup} MOVDDUP, {@code y} 4 or 8 by W, {@code e} 1 or 2 by
 * W, {@code k} KMOV by prefix and W, {@code v b} general-purpose operand size or byte, a number of bytes, {@code -}
 * unknown. Opcodes not listed are {@code x}.
 */
final class SimdSizes {
    private SimdSizes() {
    }

    private static final List<String> MAP_0F = List.of(
            "10-11 x x 4 8", "12 8 8 x dup", "13 8 8 - -", "16 8 8 x -", "17 8 8 - -",
            "2A 8 8 y y", "2B x x 4 8", "2C-2D 8 16 4 8", "2E-2F 4 8 - -",
            "51-53 x x 4 8", "58-59 x x 4 8", "5A h x 4 8", "5B x x x -", "5C-5F x x 4 8",
            "6E y y - -", "7E y y 8 -", "78-79 x hw 4 8", "7A x hw hw x", "7B x hw y y",
            "90-93 k k - -", "AE 4 4 4 4", "C2 x x 4 8", "C3 y - - -", "C4 2 2 - -", "D6 - 8 - -",
            "D1-D3 8 16 - -", "E1-E2 8 16 - -", "F1-F3 8 16 - -", "E6 - x hw x");

    private static final List<String> MAP_0F38 = List.of(
            "10 x x h x", "11 x x q4 x", "12 x x o x", "13 x h h x", "14 x x q4 x", "15 x x h x",
            "18 4 4 4 4", "19 8 8 8 8", "1A 16 16 16 16", "1B 32 32 32 32",
            "20 x h h x", "21 x q4 q4 x", "22 x o o x", "23 x h h x", "24 x q4 q4 x", "25 x h h x",
            "30 x h h x", "31 x q4 q4 x", "32 x o o x", "33 x h h x", "34 x q4 q4 x", "35 x h h x",
            "43 x y x x", "4D x y x x", "4F x y x x",
            "58 4 4 4 4", "59 8 8 8 8", "5A 16 16 16 16", "5B 32 32 32 32",
            "62-63 x e x x", "78 1 1 1 1", "79 2 2 2 2", "88-8B x y x x",
            "90-93 y y y y", "A0-A3 y y y y", "C6-C7 y y y y",
            "99 x y x x", "9B x y x x", "9D x y x x", "9F x y x x", "A9 x y x x", "AB x y x x",
            "AD x y x x", "AF x y x x", "B9 x y x x", "BB x y x x", "BD x y x x", "BF x y x x",
            "CB x y x x", "CD x y x x",
            "F0 v v - b", "F1 v v - v", "F2-F7 y y y y", "F8 - 64 64 64", "F9 y - - -");

    private static final List<String> MAP_0F3A = List.of(
            "0A 4 4 4 4", "0B 8 8 8 8", "14 1 1 1 1", "15 2 2 2 2", "16 y y y y", "17 4 4 4 4",
            "18-19 16 16 16 16", "1A-1B 32 32 32 32", "1D h h h h", "20 1 1 1 1", "21 4 4 4 4",
            "22 y y y y", "27 y y y y", "38-39 16 16 16 16", "3A-3B 32 32 32 32",
            "51 y y y y", "55 y y y y", "57 y y y y", "67 y y y y");

    /** EVEX cells that differ from the VEX ones (VEX 0F38 2D is VMASKMOVPD, EVEX 0F38 2D is VSCALEFSS/SD). */
    private static final List<String> EVEX_0F38 = List.of("2D x y x x");

    private static final String[][] CLASSES_0F = parse(MAP_0F, List.of());
    private static final String[][] CLASSES_0F38 = parse(MAP_0F38, List.of());
    private static final String[][] CLASSES_0F38_EVEX = parse(MAP_0F38, EVEX_0F38);
    private static final String[][] CLASSES_0F3A = parse(MAP_0F3A, List.of());

    /** Size class of {@code opcode} in {@code map} under SIMD prefix {@code prefix} (0, 0x66, 0xF3, 0xF2). */
    static String sizeClass(OpcodeMap map, int opcode, int prefix, boolean evex) {
        String[][] table = switch (map) {
            case MAP_0F -> CLASSES_0F;
            case MAP_0F38 -> evex ? CLASSES_0F38_EVEX : CLASSES_0F38;
            case MAP_0F3A -> CLASSES_0F3A;
            default -> null;
        };
        if (table == null) {
            return "-";
        }
        int column = switch (prefix) {
            case 0x66 -> 1;
            case 0xF3 -> 2;
            case 0xF2 -> 3;
            default -> 0;
        };
        return table[opcode][column];
    }

    /** True for MMX forms (no SIMD prefix) whose full vector is 8 bytes (SDM tables A-3..A-5, unprefixed column). */
    static boolean mmxForm(OpcodeMap map, int opcode) {
        return switch (map) {
            case MAP_0F -> (opcode >= 0x60 && opcode <= 0x7F) || opcode >= 0xD0;
            case MAP_0F38 -> opcode <= 0x0B || (opcode >= 0x1C && opcode <= 0x1E);
            case MAP_0F3A -> opcode == 0x0F;
            default -> false;
        };
    }

    private static String[][] parse(List<String> rows, List<String> overrides) {
        String[][] table = new String[256][];
        for (int i = 0; i < 256; i++) {
            table[i] = new String[] {"x", "x", "x", "x"};
        }
        for (List<String> list : List.of(rows, overrides)) {
            for (String row : list) {
                String[] parts = row.split(" ");
                String[] range = parts[0].split("-");
                int from = Integer.parseInt(range[0], 16);
                int to = range.length > 1 ? Integer.parseInt(range[1], 16) : from;
                for (int op = from; op <= to; op++) {
                    table[op] = new String[] {parts[1], parts[2], parts[3], parts[4]};
                }
            }
        }
        return table;
    }
}
