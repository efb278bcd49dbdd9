/**
 * x86-64 instruction decoder for hook placement: length, ModRM/SIB memory operand (segment, base, index, scale,
 * displacement, RIP-relative target, access size, read/write/read-modify-write), direct branch targets, control-flow kind, and the positions of
 * the displacement and immediate fields. Entry point: {@link dev.klas.resolve.x86.Decoder}.
 *
 * <h2>Where the tables come from</h2>
 * <ul>
 *   <li>{@code OpcodeTables}: Intel SDM Vol. 2 appendix A, table A-2 (one-byte map), A-3 (0F map), A-6 (opcode
 *       extensions by ModRM.reg), A-7..A-22 (x87 escape memory formats), restricted to 64-bit mode; tables A-4 and
 *       A-5 (0F 38, 0F 3A) reduce to "ModRM, no immediate" and "ModRM + imm8".</li>
 *   <li>{@code VexCells}: SDM Vol. 2 2.3 (VEX), 2.7 (EVEX); AMD APM Vol. 3 1.8 and appendix A for XOP maps 8/9/10
 *       and 3DNow! (0F 0F /r ib).</li>
 *   <li>{@code SimdSizes}: memory sizes per SIMD prefix from the instruction pages of SDM Vol. 2; they also give the
 *       EVEX disp8*N factor (SDM Vol. 2 2.7.5, tables 2-34/2-35), since N equals the bytes the operand covers.</li>
 *   <li>{@code AccessTable}: read/write use of the memory operand from the operand order of the same maps
 *       (Eb,Gb = r/m is the destination) and the store forms of x87, system and SIMD instructions.</li>
 * </ul>
 * The tables are text cells parsed at class load ({@code OpcodeSpec} documents the cell syntax), not a switch.
 *
 * <h2>Choices where sources differ</h2>
 * <ul>
 *   <li>66 before a near Jcc/JMP/CALL rel makes the displacement 16 bits, as on AMD and as objdump decodes it
 *       (Intel CPUs ignore the prefix there). Compilers never emit it.</li>
 *   <li>A REX byte followed by another prefix is ignored and belongs to the instruction (objdump prints it as an
 *       instruction of its own); FWAIT (9B) is an instruction of its own (objdump merges it into {@code fstcw}).</li>
 *   <li>In 64-bit mode ES/CS/SS/DS overrides are null prefixes: an FS or GS override anywhere wins.</li>
 *   <li>66, F0, F2, F3 or REX before VEX/EVEX/XOP (#UD on the CPU) is a {@link dev.klas.resolve.x86.DecodeException},
 *       as are opcodes invalid in 64-bit mode, reserved maps, truncated input and anything over 15 bytes.</li>
 * </ul>
 *
 * <h2>Deliberately not covered</h2>
 * <ul>
 *   <li>16- and 32-bit modes; APX (REX2 {@code D5}, EVEX map 4) and other encodings newer than binutils 2.40.</li>
 *   <li>Register operands (only the memory operand is described) and mnemonics.</li>
 *   <li>Implicit memory operands: string instructions ({@code rep movs}), PUSH/POP/CALL/RET stack accesses, XLAT,
 *       MASKMOVDQU, MONITOR.</li>
 *   <li>Access sizes of AVX512-FP16 (EVEX maps 5/6), AMX tiles and some system instructions (XSAVE areas):
 *       {@link dev.klas.resolve.x86.MemoryOperand#size()} is empty there; FP16 disp8 assumes a full vector.</li>
 * </ul>
 *
 * <h2>Proof</h2>
 * Differential tests against {@code objdump -d} (GNU binutils) over gcc-compiled fixtures, libc.so.6, 256 KiB of
 * random bytes and, with {@code -Dklas.heavy=true}, every executable section of the Debian debug vmlinux.
 */
package dev.klas.resolve.x86;
