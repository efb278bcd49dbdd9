package dev.klas.symbols;

/**
 * One header as read: its path (relative to the root) and its content hash. {@code macros} is always empty (schema
 * 5 recorded a macro context here; klas now tells a header's function bodies apart by their keys, and a context's
 * rows are the union of every variant of its bodies that a unit parsed).
 */
public record HeaderContext(String path, String hash, String macros) {
    public HeaderContext {
        if (path == null || hash == null || macros == null) {
            throw new IllegalArgumentException("HeaderContext fields are never null");
        }
    }
}
