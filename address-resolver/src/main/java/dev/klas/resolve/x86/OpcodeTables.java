package dev.klas.resolve.x86;

import java.util.List;
import java.util.Map;

/**
 * The legacy opcode maps as data, transcribed from Intel SDM Vol. 2 appendix A (tables A-2 one-byte, A-3
 * two-byte, A-6 opcode extensions by ModRM.reg, A-7..A-22 x87 escapes) for 64-bit mode. Cell syntax: {@link OpcodeSpec}.
 * Prefix bytes, VEX/EVEX/XOP escapes and the 0F 38 / 0F 3A / 0F 0F escapes are recognised before a lookup and
 * appear here as {@code P} (never looked up).
 */
final class OpcodeTables {
    private OpcodeTables() {
    }

    /** SDM table A-2, rows 0x00..0xF0. */
    private static final List<String> PRIMARY_ROWS = List.of(
            /* 0x */ "M:b M:v M:b M:v Ib Iz ! !  M:b M:v M:b M:v Ib Iz ! P",
            /* 1x */ "M:b M:v M:b M:v Ib Iz ! !  M:b M:v M:b M:v Ib Iz ! !",
            /* 2x */ "M:b M:v M:b M:v Ib Iz P !  M:b M:v M:b M:v Ib Iz P !",
            /* 3x */ "M:b M:v M:b M:v Ib Iz P !  M:b M:v M:b M:v Ib Iz P !",
            /* 4x */ "P P P P P P P P  P P P P P P P P",
            /* 5x */ ". . . . . . . .  . . . . . . . .",
            /* 6x */ "! ! P M:d P P P P  Iz M:v,Iz Ib M:v,Ib . . . .",
            /* 7x */ "Jb,jcc Jb,jcc Jb,jcc Jb,jcc Jb,jcc Jb,jcc Jb,jcc Jb,jcc"
                    + "  Jb,jcc Jb,jcc Jb,jcc Jb,jcc Jb,jcc Jb,jcc Jb,jcc Jb,jcc",
            /* 8x */ "M:b,Ib,g:1 M:v,Iz,g:1 ! M:v,Ib,g:1 M:b M:v M:b M:v  M:b M:v M:b M:v M:w M,lea,m M:w M:v64,g:1a",
            /* 9x */ ". . . . . . . .  . . ! . . . . .",
            /* Ax */ "Ob Ov Ob Ov . . . .  Ib Iz . . . . . .",
            /* Bx */ "Ib Ib Ib Ib Ib Ib Ib Ib  Iv Iv Iv Iv Iv Iv Iv Iv",
            /* Cx */ "M:b,Ib,g:2 M:v,Ib,g:2 Iw,ret .,ret P P M:b,Ib,g:11b M:v,Iz,g:11v"
                    + "  Iwb . Iw,ret .,ret . Ib ! .,ret",
            /* Dx */ "M:b,g:2 M:v,g:2 M:b,g:2 M:v,g:2 ! ! ! .  M:x87 M:x87 M:x87 M:x87 M:x87 M:x87 M:x87 M:x87",
            /* Ex */ "Jb,jcc Jb,jcc Jb,jcc Jb,jcc Ib Ib Ib Ib  Jz,call Jz,jmp ! Jb,jmp . . . .",
            /* Fx */ "P . P P . . M:b,g:3b M:v,g:3v  . . . . . . M:b,g:4 M:v,g:5");

    /** SDM table A-3 (0F xx), rows 0x00..0xF0. */
    private static final List<String> MAP_0F_ROWS = List.of(
            /* 0x */ "M:w,g:6 M,g:7 M:w M:w ! . . .  . . ! .  ! M,lea . P",
            /* 1x */ "M:simd M:simd M:simd M:simd,m M:simd M:simd M:simd M:simd,m"
                    + "  M,lea M,lea M M M,lea M,lea M,lea M,lea",
            /* 2x */ "R R R R ! ! ! !  M:simd M:simd M:simd M:simd,m M:simd M:simd M:simd M:simd",
            /* 3x */ ". . . . . . ! .  P ! P ! ! ! ! !",
            /* 4x */ "M:v M:v M:v M:v M:v M:v M:v M:v  M:v M:v M:v M:v M:v M:v M:v M:v",
            /* 5x */ "M:simd,r3 M:simd M:simd M:simd M:simd M:simd M:simd M:simd"
                    + "  M:simd M:simd M:simd M:simd M:simd M:simd M:simd M:simd",
            /* 6x */ "M:simd M:simd M:simd M:simd M:simd M:simd M:simd M:simd"
                    + "  M:simd M:simd M:simd M:simd M:simd M:simd M:simd M:simd",
            /* 7x */ "M:simd,Ib M:simd,Ib,g:12 M:simd,Ib,g:13 M:simd,Ib,g:14 M:simd M:simd M:simd ."
                    + "  M:q M:q ! ! M:simd M:simd M:simd M:simd",
            /* 8x */ "Jz,jcc Jz,jcc Jz,jcc Jz,jcc Jz,jcc Jz,jcc Jz,jcc Jz,jcc"
                    + "  Jz,jcc Jz,jcc Jz,jcc Jz,jcc Jz,jcc Jz,jcc Jz,jcc Jz,jcc",
            /* 9x */ "M:b M:b M:b M:b M:b M:b M:b M:b  M:b M:b M:b M:b M:b M:b M:b M:b",
            /* Ax */ ". . . M:v M:v,Ib M:v ! !  . . . M:v M:v,Ib M:v M,g:15 M:v",
            /* Bx */ "M:b M:v M:p,m M:v M:p,m M:p,m M:b M:w  M:v M M:v,Ib,g:8 M:v M:v M:v M:b M:w",
            /* Cx */ "M:b M:v M:simd,Ib M:y,m M:simd,Ib M:simd,Ib,r3 M:simd,Ib M,g:9  . . . . . . . .",
            /* Dx */ "M:simd M:simd M:simd M:simd M:simd M:simd M:simd M:simd,r3"
                    + "  M:simd M:simd M:simd M:simd M:simd M:simd M:simd M:simd",
            /* Ex */ "M:simd M:simd M:simd M:simd M:simd M:simd M:simd M:simd,m"
                    + "  M:simd M:simd M:simd M:simd M:simd M:simd M:simd M:simd",
            /* Fx */ "M:simd M:simd M:simd M:simd M:simd M:simd M:simd M:simd,r3"
                    + "  M:simd M:simd M:simd M:simd M:simd M:simd M:simd M");

    /** SDM table A-6: cells for ModRM.reg = 0..7 that refine the opcode's own cell. */
    private static final Map<String, String> GROUPS = Map.ofEntries(
            Map.entry("1", ". . . . . . . ."),
            Map.entry("1a", ". ! ! ! ! ! ! !"),
            Map.entry("2", ". . . . . . . ."),
            Map.entry("3b", "Ib Ib . . . . . ."),
            Map.entry("3v", "Iz Iz . . . . . ."),
            Map.entry("4", ". . ! ! ! ! ! !"),
            Map.entry("5", ". . icall,M:v64 icall,M:p,m ijmp,M:v64 ijmp,M:p,m M:v64 !"),
            Map.entry("11b", ". ! ! ! ! ! ! f8"),
            Map.entry("11v", ". ! ! ! ! ! ! f8,Jz"),
            Map.entry("6", ". . . . . . ! !"),
            Map.entry("7", "M:10 M:10 M:10 M:10 M:w M M:w M:b"),
            Map.entry("8", "! ! ! ! . . . ."),
            Map.entry("9", "M M:cx,m M M,m M,m M,m M:q M:q"),
            Map.entry("12", "! ! r3 ! r3 ! r3 !"),
            Map.entry("13", "! ! r3 ! r3 ! r3 !"),
            Map.entry("14", "! ! r3 r3 ! ! r3 r3"),
            Map.entry("15", "M:512 M:512 M:d M:d M M M M:b"));

    /** Memory operand sizes of the x87 escapes D8..DF by ModRM.reg (SDM tables, ..., A-21). */
    private static final List<String> X87_SIZES = List.of(
            /* D8 */ "4 4 4 4 4 4 4 4",
            /* D9 */ "4 - 4 4 28 2 28 2",
            /* DA */ "4 4 4 4 4 4 4 4",
            /* DB */ "4 4 4 4 - 10 - 10",
            /* DC */ "8 8 8 8 8 8 8 8",
            /* DD */ "8 8 8 8 108 - 108 2",
            /* DE */ "2 2 2 2 2 2 2 2",
            /* DF */ "2 2 2 2 10 8 10 8");

    /**
     * x87 register forms (ModRM.mod = 3) as objdump 2.40 accepts them: per escape D8..DF, for each ModRM.reg, a mask
     * of the valid ModRM.rm. These are the SDM tables, ..., A-22, plus FFREEP (DF C0-C7) and the 8087/287
     * controls DB E0, E1, E4, E5 (FENI, FDISI, FSETPM, FRSTPM) that the tables leave blank.
     */
    private static final List<String> X87_REGISTER_FORMS = List.of(
            /* D8 */ "FF FF FF FF FF FF FF FF",
            /* D9 */ "FF FF 01 00 33 7F FF FF",
            /* DA */ "FF FF FF FF 00 02 00 00",
            /* DB */ "FF FF FF FF 3F FF FF 00",
            /* DC */ "FF FF 00 00 FF FF FF FF",
            /* DD */ "FF 00 FF FF FF FF 00 00",
            /* DE */ "FF FF 00 02 FF FF FF FF",
            /* DF */ "FF 00 00 00 01 FF FF 00");

    /** One-byte map cells by opcode and ModRM.reg (group opcodes refined, others repeated). */
    static final OpcodeSpec[][] PRIMARY = parseMap(PRIMARY_ROWS);
    /** 0F map cells by opcode and ModRM.reg. */
    static final OpcodeSpec[][] MAP_0F = parseMap(MAP_0F_ROWS);
    /** Every 0F 38 opcode has ModRM and no immediate (SDM table A-4). */
    static final OpcodeSpec MAP_0F38_CELL = OpcodeSpec.parse("M:simd");
    /** Every 0F 3A opcode has ModRM and an imm8 (SDM table A-5). */
    static final OpcodeSpec MAP_0F3A_CELL = OpcodeSpec.parse("M:simd,Ib");
    /** 3DNow! 0F 0F /r ib: the immediate byte is the opcode (AMD APM Vol. 3 appendix A.1). */
    static final OpcodeSpec MAP_3DNOW_CELL = OpcodeSpec.parse("M:q,Ib");

    private static final int[][] X87 = X87_SIZES.stream()
            .map(row -> java.util.Arrays.stream(row.split(" ")).mapToInt(c -> c.equals("-") ? -1 : Integer.parseInt(c))
                    .toArray())
            .toArray(int[][]::new);

    private static final int[][] X87_REGISTER = X87_REGISTER_FORMS.stream()
            .map(row -> java.util.Arrays.stream(row.split(" ")).mapToInt(c -> Integer.parseInt(c, 16)).toArray())
            .toArray(int[][]::new);

    /** True when x87 escape {@code opcode} (D8..DF) with ModRM {@code modrm} (mod = 3) is a valid instruction. */
    static boolean x87RegisterForm(int opcode, int modrm) {
        return (X87_REGISTER[opcode - 0xD8][(modrm >> 3) & 7] >> (modrm & 7) & 1) != 0;
    }

    /** x87 memory operand size for escape opcode D8..DF and ModRM.reg, or -1 when reserved (D9 /1, DB /4, DB /6, DD /5). */
    static int x87Size(int opcode, int reg) {
        return X87[opcode - 0xD8][reg];
    }

    private static OpcodeSpec[][] parseMap(List<String> rows) {
        OpcodeSpec[][] map = new OpcodeSpec[256][];
        for (int row = 0; row < 16; row++) {
            String[] cells = rows.get(row).trim().split("\\s+");
            if (cells.length != 16) {
                throw new IllegalStateException("opcode table row " + Integer.toHexString(row) + " has "
                        + cells.length + " cells");
            }
            for (int col = 0; col < 16; col++) {
                OpcodeSpec base = OpcodeSpec.parse(cells[col]);
                OpcodeSpec[] byReg = new OpcodeSpec[8];
                String[] groupCells = base.group().isEmpty() ? null : GROUPS.get(base.group()).split(" ");
                for (int reg = 0; reg < 8; reg++) {
                    byReg[reg] = groupCells == null ? base : base.refine(groupCells[reg]);
                }
                map[row * 16 + col] = byReg;
            }
        }
        return map;
    }
}
