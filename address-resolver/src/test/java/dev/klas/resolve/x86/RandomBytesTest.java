package dev.klas.resolve.x86;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Random byte sequences: the decoder either decodes or throws {@link DecodeException}, and agrees with objdump. */
class RandomBytesTest {

    @Test
    void randomBytesDecodeOrThrowDecodeException() {
        Random random = new Random(0x6B6C6173L);
        byte[] buffer = new byte[24];
        int decoded = 0;
        int refused = 0;
        for (int round = 0; round < 100_000; round++) {
            random.nextBytes(buffer);
            int size = 1 + random.nextInt(buffer.length);
            ByteBuffer code = ByteBuffer.wrap(buffer, 0, size).slice();
            try {
                Instruction insn = Decoder.decode(code, 0x1000);
                assertTrue(insn.length() >= 1 && insn.length() <= 15 && insn.length() <= size, insn::toString);
                byte[] expected = new byte[insn.length()];
                System.arraycopy(buffer, 0, expected, 0, insn.length());
                assertArrayEquals(expected, insn.bytes());
                assertEquals(0, code.position(), "decode must not move the buffer");
                decoded++;
            } catch (DecodeException e) {
                assertEquals(0x1000, e.address());
                assertTrue(e.bytes().length <= size);
                refused++;
            }
        }
        assertTrue(decoded > 50_000 && refused > 1_000, decoded + " decoded, " + refused + " refused");
    }

    @Test
    void decodeAllOverRandomBytesEndsOrThrows() {
        Random random = new Random(42);
        byte[] buffer = new byte[4096];
        for (int round = 0; round < 50; round++) {
            random.nextBytes(buffer);
            ByteBuffer code = ByteBuffer.wrap(buffer);
            int at = 0;
            while (at < buffer.length) {
                try {
                    at += Decoder.decode(code.duplicate().position(at), at).length();
                } catch (DecodeException e) {
                    at++;
                }
            }
            assertEquals(buffer.length, at);
        }
    }

    @Test
    void randomBytesAgreeWithObjdump(@TempDir Path dir) throws Exception {
        byte[] bytes = new byte[256 * 1024];
        new Random(7).nextBytes(bytes);
        Path file = dir.resolve("random.bin");
        Files.write(file, bytes);
        DifferentialReport report = Differential.runRaw(file);
        String description = Differential.describe(report, file);
        System.out.println(description);
        assertTrue(report.compared > 50_000 && report.objdumpBad > 5_000, description);
        assertTrue(report.classifiedShare() >= 0.98, "access of fewer than 98% of memory operands compared: "
                + description);
        assertEquals(0, report.mismatchCount, description);
    }
}
