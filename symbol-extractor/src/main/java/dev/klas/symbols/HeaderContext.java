package dev.klas.symbols;

/**
 * One way a header was read: its path (relative to the root), its content hash and its macro context, the macros
 * the header's text depended on where it was included (CDT's significant macros, with or without include guard, and
 * the header's identifiers that were no macro there, as sorted text lines). Two inclusions with the same context
 * expand to the same text, so a header's inline-function shadows are recorded once per context.
 */
public record HeaderContext(String path, String hash, String macros) {
    public HeaderContext {
        if (path == null || hash == null || macros == null) {
            throw new IllegalArgumentException("HeaderContext fields are never null");
        }
    }
}
