package dev.klas.symbols.parser;

import java.util.function.Predicate;

/** The macro contexts whose inline-function shadows are already recorded, asked when a header is included. */
@FunctionalInterface
public interface KnownContexts {
    KnownContexts NONE = (header, hash, satisfied) -> false;

    /**
     * @param header    path relative to the root
     * @param hash      content hash of the header
     * @param satisfied whether the macros at the point of inclusion satisfy a context ({@link MacroContext} text)
     * @return whether a recorded context of this header and content is satisfied: its bodies need not be walked
     */
    boolean recorded(String header, String hash, Predicate<String> satisfied);
}
