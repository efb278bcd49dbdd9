package dev.klas.resolve.x86;

/**
 * The opcode map and register-extension bits in effect, from REX or from a VEX/EVEX/XOP prefix
 * (SDM Vol. 2 2.2.1, 2.3.5, 2.7.1; AMD APM Vol. 3 1.8).
 *
 * @param encoding legacy, VEX, EVEX or XOP
 * @param map      opcode map
 * @param opcode   opcode byte
 * @param x        index extension (REX.X, inverted VEX/EVEX X)
 * @param b        base extension (REX.B, inverted VEX/EVEX B)
 * @param w        REX.W / VEX.W / EVEX.W
 * @param length   vector length code: VEX.L or EVEX.L'L (0 = 128 bits, 1 = 256, 2 = 512)
 * @param prefix   SIMD prefix (0, 0x66, 0xF3, 0xF2)
 * @param vPrime   EVEX V' (high bit of a VSIB index register)
 * @param broadcast EVEX.b
 */
record Escape(Encoding encoding, OpcodeMap map, int opcode, boolean x, boolean b, boolean w, int length, int prefix,
              boolean vPrime, boolean broadcast) {

    boolean legacy() {
        return encoding == Encoding.LEGACY;
    }

    boolean evex() {
        return encoding == Encoding.EVEX;
    }

    /** How the opcode was escaped. */
    enum Encoding { LEGACY, VEX, EVEX, XOP }

    static int ppPrefix(int pp) {
        return switch (pp & 3) {
            case 1 -> 0x66;
            case 2 -> 0xF3;
            case 3 -> 0xF2;
            default -> 0;
        };
    }
}
