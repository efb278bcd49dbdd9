package dev.klas.resolve.elf;

/**
 * A well-formed file that klas does not read: not ELF, not 64-bit, not little-endian, not x86-64, or too large to
 * map.
 */
public final class UnsupportedElfException extends ElfFormatException {
    private static final long serialVersionUID = 1L;

    public UnsupportedElfException(String section, long offset, String message) {
        super(section, offset, "unsupported: " + message);
    }
}
