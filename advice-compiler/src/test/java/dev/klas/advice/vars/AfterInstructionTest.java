package dev.klas.advice.vars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.x86.Decoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which memory-writing instructions advice may run after (they change only memory and flags, so the registers of
 * the effective address are those of before), the bytes made by GNU as from AT&T text (the oracle of the encoding).
 */
class AfterInstructionTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"addl $1,0x14(%rdi)", "add %eax,0x8(%rdi)", "sub %rsi,0x18(%rdi)",
            "incw 0x4(%rdi)", "decb 0x6(%rdi)", "orw %si,0x1c(%rdi)", "andw $0xff0f,0x1c(%rdi)",
            "xor %esi,(%rbx)", "lock addl $1,(%rdi)", "adc %eax,(%rdi)", "sbb $3,%ss:(%rdi)", "negl (%rdi)",
            "notq 0x8(%rdi)", "shll $3,(%rdi)", "sarl %cl,(%rdi)", "rolw (%rdi)", "addb $3,0x1e(%rdi)",
            "mov %eax,(%rdi)", "movq $-5,0x8(%rdi)"})
    void onlyMemoryAndFlagsChange(String att) throws Exception {
        assertEquals(Optional.empty(), AfterInstruction.problem(Decoder.decode(ByteBuffer.wrap(assemble(att)), 0)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"lock xadd %eax,(%rdi)", "lock cmpxchg %ecx,(%rdi)", "xchg %eax,(%rdi)",
            "cmpl $3,(%rdi)", "mov (%rdi),%eax", "testl $1,(%rdi)", "movss %xmm0,(%rdi)", "btsl $3,(%rdi)",
            "mulb (%rdi)", "push (%rdi)"})
    void anInstructionThatWritesARegisterOrIsNotARmwIsRefused(String att) throws Exception {
        Optional<String> why = AfterInstruction.problem(Decoder.decode(ByteBuffer.wrap(assemble(att)), 0));
        assertTrue(why.isPresent() && why.get().contains("writes a register as well"), att + ": " + why);
    }

    private byte[] assemble(String att) throws IOException, InterruptedException {
        return GnuAs.assemble(tmp, att);
    }
}
