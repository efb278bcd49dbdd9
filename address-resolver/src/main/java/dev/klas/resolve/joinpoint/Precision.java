package dev.klas.resolve.joinpoint;

import dev.klas.resolve.x86.MemoryOperand;
import java.util.Optional;

/** How exactly a join point's address stands for its source place. */
public sealed interface Precision {

    /**
     * The address is the instruction that performs the access (or the call, or the function entry).
     *
     * @param operand      the decoded memory operand of that instruction, when it has one
     * @param memberOffset the member's byte offset inside the struct (for field accesses), else 0
     */
    record Access(Optional<MemoryOperand> operand, long memberOffset) implements Precision {
    }

    /** The address is the start of the source line's code; {@code reason} says why nothing finer was found. */
    record Line(String reason) implements Precision {
    }

    default String label() {
        return this instanceof Access ? "ACCESS" : "LINE";
    }
}
