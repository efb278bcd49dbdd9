package dev.klas.advice;

import java.util.Objects;

/** A hook that will not go in, and why; printed as {@code SYMBOL+0xOFF (file:line): reason}. */
public record Refusal(Hook hook, String reason) {
    public Refusal {
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return hook.location() + " (" + hook.place().file() + ":" + hook.place().line() + "): " + reason;
    }
}
