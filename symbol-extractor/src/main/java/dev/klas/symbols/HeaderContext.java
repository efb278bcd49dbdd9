package dev.klas.symbols;

/**
 * One way a header was read: its path (relative to the root), its content hash and its macro context, the macros
 * the header's text depended on where it was included (CDT's significant macros as sorted text lines; empty for
 * a header read once per unit behind an include guard, for which CDT tracks none). Two inclusions with the same
 * context expand to the same text, so a header's inline-function shadows are recorded once per context — except
 * for guarded headers whose text differs between units (docs/TESTING.md, header reuse against a full parse).
 */
public record HeaderContext(String path, String hash, String macros) {
    public HeaderContext {
        if (path == null || hash == null || macros == null) {
            throw new IllegalArgumentException("HeaderContext fields are never null");
        }
    }
}
