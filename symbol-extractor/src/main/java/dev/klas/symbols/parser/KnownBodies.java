package dev.klas.symbols.parser;

/** The header function bodies whose shadows are already recorded, asked for each body a header holds. */
@FunctionalInterface
public interface KnownBodies {
    KnownBodies NONE = (header, hash, key) -> false;

    /**
     * @param header path relative to the root
     * @param hash   content hash of the header
     * @param key    the body's key in that header ({@link BodyKey})
     * @return whether the body's shadows are recorded: it need not be parsed
     */
    boolean known(String header, String hash, String key);
}
