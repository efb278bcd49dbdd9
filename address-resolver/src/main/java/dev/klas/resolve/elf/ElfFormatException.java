package dev.klas.resolve.elf;

import dev.klas.resolve.FormatException;

/** A malformed ELF file; {@link #section()} and {@link #offset()} say where. */
public class ElfFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    public ElfFormatException(String section, long offset, String message) {
        super(section, offset, message, null);
    }

    public ElfFormatException(String section, long offset, String message, Throwable cause) {
        super(section, offset, message, cause);
    }
}
