package dev.klas.resolve.joinpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ResolverTest's own oracle on objdump text: operands, directions and the member-operand rule. */
class AccessCheckTest {
    private static final Objdump FRAME = new Objdump(new TreeMap<>(), new TreeMap<>(), Set.of("f"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0x8(%rax)|mov 0x8(%rax),%eax|",
        "-0x8(%rbp)|mov -0x8(%rbp),%eax|base %rbp addresses the stack frame of f",
        "0x8(%rsp)|mov 0x8(%rsp),%eax|base %rsp addresses the stack frame of f",
        "0x8(%rip)|mov 0x8(%rip),%eax|not [64-bit base register + displacement]",
        "0x8(%rax,%rbx,1)|mov 0x8(%rax,%rbx,1),%eax|not [64-bit base register + displacement]",
        "%fs:0x8|mov %fs:0x8,%rax|not [64-bit base register + displacement]",
        "0x80(%rax)|mov 0x80(%rax),%eax|displacement 128 is not the member's offset 8",
        "0x8(%eax)|mov 0x8(%eax),%eax|not [64-bit base register + displacement]"})
    void onlyAPointerRegisterPlusTheOffsetIsTheMember(String operand, String text, String problem) {
        Insn insn = Insn.parse(0, "f", 0, text);
        AttOperand m = insn.memory().orElseThrow();
        Optional<String> got = AccessCheck.structOperand(m, 8, insn, FRAME);
        assertEquals(problem == null, got.isEmpty(), operand + ": " + got);
        got.ifPresent(p -> assertTrue(p.contains(problem), p));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mov 0x8(%rax),%eax|READ", "mov %edx,0x8(%rax)|WRITE", "movl $0x0,0x8(%rax)|WRITE",
        "movslq 0x8(%rdi),%rdi|READ", "add 0x8(%rdi),%eax|READ", "sub %r12d,0x8(%rbx)|READ_WRITE",
        "addl $0x1,-0xc(%rbp)|READ_WRITE", "incl 0x8(%rax)|READ_WRITE", "cmp %eax,0x8(%rdi)|READ",
        "testb $0x1,0xc(%rdi)|READ", "lea 0x8(%rdi),%rax|NONE", "call *0x8(%rax)|READ",
        "lock xadd %eax,0x8(%rdi)|READ_WRITE", "sete 0x8(%rdi)|WRITE", "push 0x8(%rdi)|READ",
        "pop 0x8(%rdi)|WRITE", "nopw 0x0(%rax,%rax,1)|NONE", "cmovle 0x8(%rdi),%eax|READ"})
    void directionFollowsTheMnemonicAndTheOperandPosition(String text, Direction expected) {
        assertEquals(expected, Insn.parse(0, "f", 0, text).direction(), text);
    }

    @Test
    void callTargetsAreNamedExactly() {
        assertEquals(Optional.of("m_freem"), Insn.parse(0, "f", 0, "call 1589 <m_freem>").target());
        assertEquals(Optional.of("m_free+0x4"), Insn.parse(0, "f", 0, "call 158d <m_free+0x4>").target());
        assertTrue(AccessCheck.call(Insn.parse(0, "f", 0, "call 1589 <m_freem>"), "m_free").isPresent());
        assertTrue(AccessCheck.call(Insn.parse(0, "f", 0, "call 1589 <m_free>"), "m_free").isEmpty());
        assertTrue(AccessCheck.call(Insn.parse(0, "f", 0, "call 1030 <m_free@plt>"), "m_free").isEmpty());
        assertTrue(AccessCheck.call(Insn.parse(0, "f", 0, "call 1040 <m_freem@plt>"), "m_free").isPresent());
    }
}
