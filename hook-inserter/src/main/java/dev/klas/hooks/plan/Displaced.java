package dev.klas.hooks.plan;

/** One displaced instruction as the runtime copies it (struct klas_insn): its length and rel32 field, or -1. */
public record Displaced(int length, int rel32At) {
}
