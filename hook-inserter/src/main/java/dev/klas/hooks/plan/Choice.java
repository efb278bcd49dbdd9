package dev.klas.hooks.plan;

import java.util.List;
import java.util.Optional;

/**
 * The mechanism chosen for one hook.
 *
 * @param displaced the instructions the hook displaces: one for int3, enough to cover 5 bytes for jump
 * @param why       why int3 was used where jump or auto was asked for
 */
public record Choice(Mechanism mechanism, List<CodeInsn> displaced, Optional<String> why) {
    public Choice {
        displaced = List.copyOf(displaced);
    }

    public int length() {
        return displaced.stream().mapToInt(CodeInsn::length).sum();
    }
}
