package dev.klas.symbols.parser;

import java.util.Optional;
import java.util.function.Predicate;

/** The macro contexts whose inline-function shadows are already recorded, asked when a header is included. */
@FunctionalInterface
public interface KnownContexts {
    KnownContexts NONE = (header, hash, satisfied) -> Optional.empty();

    /**
     * @param header    path relative to the root
     * @param hash      content hash of the header
     * @param satisfied whether the macros at the point of inclusion satisfy a context ({@link MacroContext} text)
     * @return a recorded context of this header and content that is satisfied (its macro context text): the
     *         header's bodies need not be walked; empty when none is
     */
    Optional<String> recorded(String header, String hash, Predicate<String> satisfied);
}
