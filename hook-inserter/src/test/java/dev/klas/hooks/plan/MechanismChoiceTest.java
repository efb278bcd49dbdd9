package dev.klas.hooks.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules of the choice on small hand-made functions (the end-to-end tests run it on gcc's code). */
class MechanismChoiceTest {
    private static CodeInsn insn(long at, int len) {
        return new CodeInsn(at, len, -1, Optional.empty(), Optional.empty(), false);
    }

    private static final List<CodeInsn> STRAIGHT = List.of(insn(0x10, 3), insn(0x13, 4), insn(0x17, 1));

    @Test
    void jumpCoversWholeInstructions() {
        Choice c = MechanismChoice.choose(HookMode.AUTO, STRAIGHT, 0x10);
        assertEquals(Mechanism.JUMP, c.mechanism());
        assertEquals(7, c.length());
    }

    @Test
    void int3ModeDisplacesOneInstruction() {
        Choice c = MechanismChoice.choose(HookMode.INT3, STRAIGHT, 0x10);
        assertEquals(Mechanism.INT3, c.mechanism());
        assertEquals(3, c.length());
    }

    @Test
    void branchIntoTheBytesForcesInt3() {
        List<CodeInsn> f = List.of(insn(0x10, 3), insn(0x13, 4),
                new CodeInsn(0x17, 2, -1, Optional.of("rel8 branch"), Optional.of(0x13L), false));
        Choice c = MechanismChoice.choose(HookMode.JUMP, f, 0x10);
        assertEquals(Mechanism.INT3, c.mechanism());
        assertTrue(c.why().orElseThrow().contains("lands at 0x13"), c.why().toString());
    }

    @Test
    void rel8BranchIsRefusedEvenForInt3AndNotDisplaced() {
        List<CodeInsn> f = List.of(insn(0x10, 3),
                new CodeInsn(0x13, 2, -1, Optional.of("rel8 branch"), Optional.of(0x30L), false), insn(0x15, 4));
        assertTrue(MechanismChoice.refusal(f, 0x13).isPresent());
        assertEquals(Mechanism.INT3, MechanismChoice.choose(HookMode.AUTO, f, 0x10).mechanism());
    }

    @Test
    void functionEndForcesInt3() {
        Choice c = MechanismChoice.choose(HookMode.AUTO, STRAIGHT, 0x17);
        assertEquals(Mechanism.INT3, c.mechanism());
        assertTrue(c.why().orElseThrow().contains("function ends"));
    }
}
