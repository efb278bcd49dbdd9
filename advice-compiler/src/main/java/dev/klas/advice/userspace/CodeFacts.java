package dev.klas.advice.userspace;

import dev.klas.hooks.plan.CodeInsn;
import dev.klas.resolve.x86.Field;
import dev.klas.resolve.x86.Flow;
import dev.klas.resolve.x86.Instruction;
import java.util.Optional;

/** What the hook runtime needs to know about a decoded instruction to copy it elsewhere (klas_runtime.h, klas_insn). */
final class CodeFacts {
    private CodeFacts() {
    }

    static CodeInsn of(Instruction i) {
        Optional<Field> disp = i.displacement().filter(f -> i.memory().map(m -> m.ripRelative()).orElse(false));
        Optional<Field> rel = i.branchTarget().isPresent() ? i.immediate() : Optional.empty();
        int rel32At = -1;
        Optional<String> unmovable = Optional.empty();
        if (disp.isPresent()) {
            if (disp.get().size() == 4) {
                rel32At = disp.get().offset();
            } else {
                unmovable = Optional.of("RIP-relative field of " + disp.get().size() + " bytes");
            }
        } else if (rel.isPresent()) {
            boolean branch = i.flow() == Flow.CALL || i.flow() == Flow.JUMP || i.flow() == Flow.CONDITIONAL_JUMP;
            if (rel.get().size() == 4 && branch) {
                rel32At = rel.get().offset();
            } else {
                unmovable = Optional.of(rel.get().size() == 1 ? "rel8 branch, it cannot reach its target from"
                        + " elsewhere" : "relative target of an instruction that is not a branch (" + i + ")");
            }
        }
        boolean ends = i.flow() == Flow.JUMP || i.flow() == Flow.RETURN || i.flow() == Flow.INDIRECT_JUMP;
        return new CodeInsn(i.address(), i.length(), rel32At, unmovable, i.branchTarget(), ends);
    }
}
