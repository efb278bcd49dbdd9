package dev.klas.resolve.x86;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whole-section properties over libc's .text (whose instruction-by-instruction agreement with objdump
 * {@link LibcDifferentialTest} checks): a linear sweep covers the section exactly, every displacement field holds
 * the displacement the operand reports, and every instruction cut short is refused with a DecodeException that
 * names its address and bytes, never decoded as something shorter (checked on one instruction per encoding shape:
 * opcode, ModRM, length, prefixes, field layout).
 */
class DecodeAllTest {
    private static final Path LIBC = Path.of("/lib/x86_64-linux-gnu/libc.so.6");

    @Test
    void sweepOverLibcTextIsExactAndFieldsAreWhereTheySay() throws Exception {
        ElfSections.Section text = new ElfSections(LIBC).executable(".text").orElseThrow();
        List<Instruction> all = Decoder.decodeAll(text.bytes(), text.address());
        assertTrue(all.size() > 100_000);
        long end = text.address();
        int ripRelative = 0;
        for (Instruction insn : all) {
            assertEquals(end, insn.address());
            end = insn.end();
            if (insn.has(Attribute.RIP_RELATIVE)) {
                ripRelative++;
                MemoryOperand m = insn.memory().orElseThrow();
                Field field = insn.displacement().orElseThrow();
                assertEquals(4, field.size(), insn::toString);
                assertEquals(m.displacement(), ByteBuffer.wrap(insn.bytes(), field.offset(), 4)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(), insn::toString);
                assertEquals(insn.end() + m.displacement(), m.target().orElseThrow(), insn::toString);
            }
            insn.displacement().ifPresent(f -> assertTrue(f.offset() + f.size() <= insn.length()));
            insn.immediate().ifPresent(f -> assertEquals(insn.length(), f.offset() + f.size(), insn::toString));
        }
        assertEquals(text.address() + text.bytes().remaining(), end);
        assertTrue(ripRelative > 10_000, ripRelative + " RIP-relative operands");
    }

    @Test
    void everyTruncatedInstructionIsRefusedWithItsAddressAndBytes() throws Exception {
        ElfSections.Section text = new ElfSections(LIBC).executable(".text").orElseThrow();
        List<Instruction> all = Decoder.decodeAll(text.bytes(), text.address());
        java.util.Set<String> shapes = new java.util.HashSet<>();
        for (Instruction insn : all) {
            Opcode op = insn.opcode();
            String shape = op.map() + "/" + op.value() + "/" + op.prefix() + "/" + op.w() + "/" + insn.length()
                    + insn.attributes() + insn.displacement() + insn.immediate();
            if (!shapes.add(shape)) {
                continue;
            }
            byte[] bytes = insn.bytes();
            for (int cut = 1; cut < bytes.length; cut++) {
                ByteBuffer shortened = ByteBuffer.wrap(Arrays.copyOf(bytes, cut));
                DecodeException e = assertThrows(DecodeException.class,
                        () -> Decoder.decode(shortened, insn.address()), () -> insn + " cut to " + shortened.capacity());
                assertEquals(insn.address(), e.address());
                assertArrayEquals(Arrays.copyOf(bytes, cut), e.bytes());
                assertTrue(e.getMessage().startsWith(String.format("0x%x:", insn.address())), e::getMessage);
            }
        }
        assertTrue(shapes.size() > 500, shapes.size() + " shapes");
    }
}
