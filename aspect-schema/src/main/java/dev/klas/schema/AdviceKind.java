package dev.klas.schema;

/** When advice runs relative to its join point. */
public enum AdviceKind {
    /** Before the join point's instruction executes. */
    BEFORE,
    /** When the function returns; only with {@code execution} selectors. */
    AFTER
}
