package dev.klas.symbols;

/**
 * A source file whose content is no longer what a symbol table extracted from it.
 *
 * @param path   the file as the table names it
 * @param reason {@code changed since it was extracted} or {@code missing}
 */
public record StaleFile(String path, String reason) {
    @Override
    public String toString() {
        return path + " (" + reason + ")";
    }
}
