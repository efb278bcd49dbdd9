package dev.klas.resolve;

/**
 * A malformed or unsupported binary: names the section (or the file part, such as "ELF header") and the
 * byte offset inside it where reading failed. Every failure of the ELF and DWARF readers is one of these.
 */
public abstract class FormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String section;
    private final long offset;

    protected FormatException(String section, long offset, String message, Throwable cause) {
        super(section + "+0x" + Long.toHexString(offset) + ": " + message, cause);
        this.section = section;
        this.offset = offset;
    }

    /** The section name, or a file part such as {@code ELF header} or {@code section headers}. */
    public String section() {
        return section;
    }

    /** The byte offset inside {@link #section()} at which the problem was found. */
    public long offset() {
        return offset;
    }
}
