package dev.klas.resolve.x86;

import dev.klas.resolve.x86.Escape.Encoding;

/** Reads the opcode bytes after the prefixes: 0F escapes, VEX2/VEX3 (C5/C4), EVEX (62) and XOP (8F). */
final class EscapeReader {
    private EscapeReader() {
    }

    static Escape read(Cursor cursor, int first, Prefixes prefixes) throws DecodeException {
        int rex = prefixes.rex();
        boolean x = (rex & 2) != 0;
        boolean b = (rex & 1) != 0;
        boolean w = prefixes.rexW();
        int simd = prefixes.simdPrefix();
        switch (first) {
            case 0x0F -> {
                int second = cursor.next();
                return switch (second) {
                    case 0x38 -> legacy(OpcodeMap.MAP_0F38, cursor.next(), x, b, w, simd);
                    case 0x3A -> legacy(OpcodeMap.MAP_0F3A, cursor.next(), x, b, w, simd);
                    case 0x0F -> legacy(OpcodeMap.MAP_3DNOW, 0x0F, x, b, w, simd);
                    default -> legacy(OpcodeMap.MAP_0F, second, x, b, w, simd);
                };
            }
            case 0xC5 -> {
                checkNoLegacy(cursor, prefixes, "VEX");
                int p = cursor.next();
                return new Escape(Encoding.VEX, OpcodeMap.MAP_0F, cursor.next(), false, false, false,
                        (p >> 2) & 1, Escape.ppPrefix(p), false, false);
            }
            case 0xC4 -> {
                checkNoLegacy(cursor, prefixes, "VEX");
                int p0 = cursor.next();
                int p1 = cursor.next();
                OpcodeMap map = switch (p0 & 0x1F) {
                    case 1 -> OpcodeMap.MAP_0F;
                    case 2 -> OpcodeMap.MAP_0F38;
                    case 3 -> OpcodeMap.MAP_0F3A;
                    default -> throw cursor.error("reserved VEX opcode map " + (p0 & 0x1F));
                };
                return new Escape(Encoding.VEX, map, cursor.next(), (p0 & 0x40) == 0, (p0 & 0x20) == 0,
                        (p1 & 0x80) != 0, (p1 >> 2) & 1, Escape.ppPrefix(p1), false, false);
            }
            case 0x62 -> {
                checkNoLegacy(cursor, prefixes, "EVEX");
                int p0 = cursor.next();
                int p1 = cursor.next();
                int p2 = cursor.next();
                if ((p1 & 0x04) == 0) {
                    throw cursor.error("EVEX P1 bit 2 must be set");
                }
                OpcodeMap map = switch (p0 & 0x07) {
                    case 1 -> OpcodeMap.MAP_0F;
                    case 2 -> OpcodeMap.MAP_0F38;
                    case 3 -> OpcodeMap.MAP_0F3A;
                    case 5 -> OpcodeMap.EVEX_MAP5;
                    case 6 -> OpcodeMap.EVEX_MAP6;
                    default -> throw cursor.error("reserved EVEX opcode map " + (p0 & 0x07));
                };
                return new Escape(Encoding.EVEX, map, cursor.next(), (p0 & 0x40) == 0, (p0 & 0x20) == 0,
                        (p1 & 0x80) != 0, (p2 >> 5) & 3, Escape.ppPrefix(p1), (p2 & 0x08) == 0,
                        (p2 & 0x10) != 0);
            }
            case 0x8F -> {
                int peek = cursor.peek();
                if (peek >= 0 && (peek & 0x1F) >= 8) {
                    checkNoLegacy(cursor, prefixes, "XOP");
                    int p0 = cursor.next();
                    int p1 = cursor.next();
                    OpcodeMap map = switch (p0 & 0x1F) {
                        case 8 -> OpcodeMap.XOP_MAP8;
                        case 9 -> OpcodeMap.XOP_MAP9;
                        case 10 -> OpcodeMap.XOP_MAP10;
                        default -> throw cursor.error("reserved XOP opcode map " + (p0 & 0x1F));
                    };
                    return new Escape(Encoding.XOP, map, cursor.next(), (p0 & 0x40) == 0, (p0 & 0x20) == 0,
                            (p1 & 0x80) != 0, (p1 >> 2) & 1, Escape.ppPrefix(p1), false, false);
                }
                return legacy(OpcodeMap.PRIMARY, first, x, b, w, simd);
            }
            default -> {
                return legacy(OpcodeMap.PRIMARY, first, x, b, w, simd);
            }
        }
    }

    private static Escape legacy(OpcodeMap map, int opcode, boolean x, boolean b, boolean w, int simd) {
        return new Escape(Encoding.LEGACY, map, opcode, x, b, w, 0, simd, false, false);
    }

    private static void checkNoLegacy(Cursor cursor, Prefixes prefixes, String what) throws DecodeException {
        if (prefixes.forbidsVex()) {
            throw cursor.error(what + " prefix after a 66, F0, F2, F3 or REX prefix");
        }
    }
}
