package dev.klas.resolve.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ModRM forms the CPU rejects are refused, and their valid neighbours decoded, as objdump sees them: each row is
 * also disassembled by objdump, which must print {@code (bad)} exactly for the refused ones.
 */
class InvalidEncodingTest {

    @ParameterizedTest(name = "{0}: {1} ({2})")
    @CsvSource(delimiter = '|', textBlock = """
            8d dd             | refused | LEA with a register operand
            8d 07             | decoded | LEA with a memory operand
            ff d8             | refused | far CALL m16:64 with a register operand
            ff 18             | decoded | far CALL through memory
            ff e8             | refused | far JMP m16:64 with a register operand
            0f b2 c0          | refused | LSS with a register operand
            0f c7 c8          | refused | CMPXCHG8B with a register operand
            0f c7 0e          | decoded | CMPXCHG8B m64
            0f c3 c0          | refused | MOVNTI with a register operand
            0f e7 c1          | refused | MOVNTQ with a register operand
            0f 50 00          | refused | MOVMSKPS from memory
            0f 72 00 01       | refused | PSRLD/PSRAD/PSLLD imm8 (group 13) on memory
            0f 72 d0 01       | decoded | PSRLD mm, imm8
            c7 f9 00 00 00 00 | refused | C7 /7 with ModRM.rm != 0
            c7 f8 00 00 00 00 | decoded | XBEGIN rel32
            d9 08             | refused | D9 /1 with memory (reserved)
            dd c8             | refused | DD C8 (blank in SDM table A-20)
            db e4             | decoded | FNSETPM, an 80287 control objdump still shows
            df c0             | decoded | FFREEP
            0f b8 c0          | refused | 0F B8 without F3 (JMPE)
            f3 0f b8 c0       | decoded | POPCNT
            """)
    void refusedExactlyWhereObjdumpSaysBad(String hex, String verdict, String what, @TempDir Path dir)
            throws Exception {
        byte[] bytes = HexFormat.ofDelimiter(" ").parseHex(hex.trim());
        boolean refused = verdict.trim().equals("refused");
        assertEquals(refused, objdumpSaysBad(bytes, dir), what + ": objdump's verdict on " + hex);
        ByteBuffer code = ByteBuffer.wrap(bytes);
        if (refused) {
            assertThrows(DecodeException.class, () -> Decoder.decode(code, 0x1000), what);
        } else {
            assertEquals(bytes.length, Decoder.decode(code, 0x1000).length(), what);
        }
    }

    private static boolean objdumpSaysBad(byte[] bytes, Path dir) throws Exception {
        Path file = dir.resolve("insn.bin");
        Files.write(file, bytes);
        Process objdump = new ProcessBuilder("objdump", "-D", "-b", "binary", "-m", "i386:x86-64", "-w",
                file.toString()).redirectErrorStream(true).start();
        String out = new String(objdump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(objdump.waitFor(60, TimeUnit.SECONDS) && objdump.exitValue() == 0, out);
        String first = out.lines().filter(l -> l.matches("\\s+0:\\t.*")).findFirst().orElseThrow();
        return first.contains("(bad)");
    }
}
