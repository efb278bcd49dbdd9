package dev.klas.hooks.plan;

import java.util.Objects;
import java.util.Optional;

/**
 * The facts about one decoded instruction that the mechanism choice needs.
 *
 * @param rel32At      offset inside the instruction of a 32-bit field relative to the instruction's end (a
 *                     RIP-relative displacement or the rel32 of call/jmp/jcc), -1 when there is none
 * @param unmovable    why the instruction cannot run anywhere but at its own address (a rel8 branch, LOOP/JrCXZ,
 *                     a RIP-relative field that is not 32 bits), empty when it can be copied
 * @param branchTarget where a direct branch goes
 * @param ends         control does not fall through (jmp, ret, indirect jump)
 */
public record CodeInsn(long address, int length, int rel32At, Optional<String> unmovable,
                       Optional<Long> branchTarget, boolean ends) {
    public CodeInsn {
        Objects.requireNonNull(unmovable, "unmovable");
        Objects.requireNonNull(branchTarget, "branchTarget");
        if (length < 1 || length > 15) {
            throw new IllegalArgumentException("instruction length " + length);
        }
    }

    public long end() {
        return address + length;
    }
}
