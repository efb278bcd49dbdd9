package dev.klas.advice.vars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.x86.Decoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The stored value of each store form, the bytes made by GNU as from AT&T text (the oracle: as encodes REX.R,
 * high-byte registers and immediate widths, not klas), the expected C written from the AT&T source operand.
 */
class StoreSourceTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "mov %esi,(%rdi)|klas_ctx->regs->gpr[6]",
            "mov %r8d,0x8(%rdi)|klas_ctx->regs->gpr[8]",
            "mov %r15,0x8(%rax,%rbx,4)|klas_ctx->regs->gpr[15]",
            "mov %ax,0x4(%rdi)|klas_ctx->regs->gpr[0]",
            "mov %sil,0x6(%rdi)|klas_ctx->regs->gpr[6]",
            "mov %r9b,0x6(%rdi)|klas_ctx->regs->gpr[9]",
            "mov %ah,0x6(%rdi)|((klas_ctx->regs->gpr[0] >> 8) & 0xffull)",
            "mov %bh,0x6(%rdi)|((klas_ctx->regs->gpr[3] >> 8) & 0xffull)",
            "movw $0x7ee7,0x4(%rdi)|0x7ee7ull",
            "movq $-5,0x8(%rdi)|0xfffffffffffffffbull",
            "movl $0x80000000,0x8(%rdi)|0xffffffff80000000ull",
            "movb $0x80,0x6(%rdi)|0xffffffffffffff80ull",
            "movl $7,%fs:0x10|0x7ull"})
    void theValueOfAPlainStore(String att, String expected) throws Exception {
        StoreSource s = StoreSource.of(Decoder.decode(ByteBuffer.wrap(assemble(att)), 0));
        assertEquals(new StoreSource.Value(expected), s);
    }

    /** The same stores at a kprobe: the register's pt_regs field by its number in the encoding, not DWARF's. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "mov %ecx,(%rdi)|((uint64_t)klas_regs->cx)",
            "mov %edx,(%rdi)|((uint64_t)klas_regs->dx)",
            "mov %esi,(%rdi)|((uint64_t)klas_regs->si)",
            "mov %rbp,0x8(%rdi)|((uint64_t)klas_regs->bp)",
            "mov %r12d,0x8(%rbx)|((uint64_t)klas_regs->r12)",
            "mov %bh,0x6(%rdi)|((((uint64_t)klas_regs->bx) >> 8) & 0xffull)",
            "movl $0x7,0x8(%rdi)|0x7ull"})
    void theValueOfAPlainStoreAtAKprobe(String att, String expected) throws Exception {
        StoreSource s = StoreSource.of(Decoder.decode(ByteBuffer.wrap(assemble(att)), 0),
                new KernelRegisters(List.of())::stored);
        assertEquals(new StoreSource.Value(expected), s);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"addl $1,0x14(%rdi)", "incl 0x14(%rdi)", "lock xadd %eax,(%rdi)",
            "movss %xmm0,(%rdi)", "seta 0x4(%rdi)", "movbe %eax,(%rdi)", "movnti %eax,(%rdi)"})
    void anyOtherStoreHasNoKnownValue(String att) throws Exception {
        StoreSource s = StoreSource.of(Decoder.decode(ByteBuffer.wrap(assemble(att)), 0));
        assertTrue(s instanceof StoreSource.Unknown u && u.reason().contains("not a MOV"), s.toString());
    }

    private byte[] assemble(String att) throws IOException, InterruptedException {
        return GnuAs.assemble(tmp, att);
    }
}
