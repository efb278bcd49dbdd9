package dev.klas.symbols;

import java.io.IOException;

/** A symbols.db that cannot be used: foreign, corrupt, of an unknown schema version, or unwritable. */
public class SymbolTableException extends IOException {
    private static final long serialVersionUID = 1L;

    public SymbolTableException(String message) {
        super(message);
    }

    public SymbolTableException(String message, Throwable cause) {
        super(message, cause);
    }
}
