package dev.klas.hooks.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The edges of each rule of the choice, one byte or one instruction either side (the survivors of the first
 * mutation run, docs/mutation/before.md): exactly 5 and 16 bytes, a branch to the first or just past the last
 * displaced byte, a flow that ends on the last displaced instruction, a gap in the code.
 */
class MechanismChoiceEdgesTest {
    private static CodeInsn insn(long at, int len) {
        return new CodeInsn(at, len, -1, Optional.empty(), Optional.empty(), false);
    }

    private static CodeInsn branch(long at, int len, long target) {
        return new CodeInsn(at, len, 1, Optional.empty(), Optional.of(target), false);
    }

    private static CodeInsn end(long at, int len) {
        return new CodeInsn(at, len, -1, Optional.empty(), Optional.empty(), true);
    }

    @Test
    void aFiveByteInstructionIsDisplacedAlone() {
        Choice c = MechanismChoice.choose(HookMode.AUTO, List.of(insn(0x10, 5), insn(0x15, 3)), 0x10);
        assertEquals(Mechanism.JUMP, c.mechanism());
        assertEquals(List.of(insn(0x10, 5)), c.displaced());
    }

    @Test
    void sixteenBytesFitTheRuntimeSeventeenDoNot() {
        Choice fits = MechanismChoice.choose(HookMode.JUMP, List.of(insn(0x10, 4), insn(0x14, 12)), 0x10);
        assertEquals(Mechanism.JUMP, fits.mechanism());
        assertEquals(16, fits.length());
        Choice over = MechanismChoice.choose(HookMode.JUMP, List.of(insn(0x10, 4), insn(0x14, 13)), 0x10);
        assertEquals(Mechanism.INT3, over.mechanism());
        assertEquals(List.of(insn(0x10, 4)), over.displaced());
        assertTrue(over.why().orElseThrow().contains("17 bytes"), over.why().toString());
    }

    @Test
    void aGapInTheCodeEndsTheDisplacedBytes() {
        Choice c = MechanismChoice.choose(HookMode.AUTO, List.of(insn(0x10, 3), insn(0x20, 4)), 0x10);
        assertEquals(Mechanism.INT3, c.mechanism());
        assertTrue(c.why().orElseThrow().contains("ends 3 bytes after"), c.why().toString());
    }

    @Test
    void theFlowMayEndOnlyOnTheLastDisplacedInstruction() {
        Choice last = MechanismChoice.choose(HookMode.AUTO, List.of(insn(0x10, 3), end(0x13, 2)), 0x10);
        assertEquals(Mechanism.JUMP, last.mechanism());
        Choice inside = MechanismChoice.choose(HookMode.AUTO, List.of(end(0x10, 1), insn(0x11, 4)), 0x10);
        assertEquals(Mechanism.INT3, inside.mechanism());
        assertTrue(inside.why().orElseThrow().contains("flow ends at 0x10"), inside.why().toString());
    }

    @Test
    void branchesToTheHookOrPastTheDisplacedBytesAreFine() {
        List<CodeInsn> code = List.of(insn(0x10, 3), insn(0x13, 4), insn(0x17, 2), branch(0x19, 5, 0x10),
                branch(0x1e, 5, 0x17));
        assertEquals(Mechanism.JUMP, MechanismChoice.choose(HookMode.AUTO, code, 0x10).mechanism());
        List<CodeInsn> lastByte = List.of(insn(0x10, 3), insn(0x13, 4), branch(0x17, 5, 0x16));
        assertEquals(Mechanism.INT3, MechanismChoice.choose(HookMode.AUTO, lastByte, 0x10).mechanism());
    }

    @Test
    void anUnmovableDisplacedInstructionIsNamed() {
        List<CodeInsn> f = List.of(insn(0x10, 3),
                new CodeInsn(0x13, 2, -1, Optional.of("rel8 branch"), Optional.of(0x30L), false), insn(0x15, 4));
        Choice c = MechanismChoice.choose(HookMode.JUMP, f, 0x10);
        assertEquals(Mechanism.INT3, c.mechanism());
        assertEquals("displaced instruction at 0x13: rel8 branch", c.why().orElseThrow());
    }

    @Test
    void refusalNamesTheReasonAndAcceptsMovableStarts() {
        List<CodeInsn> f = List.of(insn(0x10, 3),
                new CodeInsn(0x13, 2, -1, Optional.of("rel8 branch"), Optional.of(0x30L), false), insn(0x15, 4));
        assertEquals(Optional.empty(), MechanismChoice.refusal(f, 0x10));
        assertEquals(Optional.empty(), MechanismChoice.refusal(f, 0x15));
        assertEquals(Optional.of("the instruction cannot be run out of line: rel8 branch"),
                MechanismChoice.refusal(f, 0x13));
        assertEquals(Optional.of("0x11 is not the start of an instruction of its function"),
                MechanismChoice.refusal(f, 0x11));
    }

    @Test
    void choosingAtNoInstructionIsAnError() {
        assertThrows(IllegalArgumentException.class,
                () -> MechanismChoice.choose(HookMode.AUTO, List.of(insn(0x10, 3)), 0x11));
    }

    @Test
    void instructionLengthsAreOneToFifteen() {
        assertEquals(1, insn(0, 1).length());
        assertEquals(15, insn(0, 15).length());
        assertThrows(IllegalArgumentException.class, () -> insn(0, 0));
        assertThrows(IllegalArgumentException.class, () -> insn(0, 16));
    }

    /** Two hooks 4 bytes apart: a jump at the first would overwrite the second's instruction. */
    @Test
    void aJumpDoesNotDisplaceAnotherHooksInstruction() {
        List<CodeInsn> code = List.of(insn(0x10, 4), insn(0x14, 4), insn(0x18, 3));
        Choice first = MechanismChoice.choose(HookMode.JUMP, code, 0x10, Set.of(0x10L, 0x14L));
        assertEquals(Mechanism.INT3, first.mechanism());
        assertEquals(Optional.of("the hook at 0x14 is inside the displaced bytes"), first.why());
        assertEquals(Mechanism.JUMP, MechanismChoice.choose(HookMode.JUMP, code, 0x14, Set.of(0x10L, 0x14L))
                .mechanism());
        assertEquals(Mechanism.JUMP, MechanismChoice.choose(HookMode.JUMP, code, 0x10, Set.of(0x10L, 0x18L))
                .mechanism());
    }
}
