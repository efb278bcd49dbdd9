package dev.klas.resolve.joinpoint;

/** What happens at a source place; mirrors the shadow kinds of the symbol table, plus a bare source line. */
public enum PlaceKind {
    FIELD_READ, FIELD_WRITE, FIELD_READWRITE, FIELD_ADDRESS, FP_CALL, CALL, FUNCTION, LINE;

    public boolean isFieldAccess() {
        return this == FIELD_READ || this == FIELD_WRITE || this == FIELD_READWRITE || this == FIELD_ADDRESS;
    }
}
