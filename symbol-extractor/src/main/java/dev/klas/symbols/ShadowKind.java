package dev.klas.symbols;

/** What a join point shadow does at its place in the source. */
public enum ShadowKind {
    /** {@code x = p->m}: the member's value is read. */
    FIELD_READ,
    /** {@code p->m = x}: the member is the left operand of plain assignment (C11 6.5.16.1). */
    FIELD_WRITE,
    /** {@code p->m++}, {@code --p->m}, {@code p->m += x}: read and written (C11 6.5.2.4, 6.5.3.1, 6.5.16.2). */
    FIELD_READWRITE,
    /** {@code &p->m}: the member's address is taken (C11 6.5.3.2). */
    FIELD_ADDRESS,
    /** {@code p->ops->read(...)}: a function pointer member is read and called. */
    FP_CALL,
    /** {@code f(...)}: a direct call of a named function; {@link Shadow#member()} holds the callee. */
    CALL,
    /** The definition of a function; {@link Shadow#member()} holds its name. */
    FUNCTION;

    public boolean isFieldAccess() {
        return this != CALL && this != FUNCTION;
    }
}
