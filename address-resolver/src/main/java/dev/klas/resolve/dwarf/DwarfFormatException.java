package dev.klas.resolve.dwarf;

import dev.klas.resolve.FormatException;
import dev.klas.resolve.elf.Cursor;
import java.nio.ByteBuffer;

/** Malformed DWARF; {@link #section()} names the debug section and {@link #offset()} the offset inside it. */
public final class DwarfFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    public DwarfFormatException(String section, long offset, String message) {
        super(section, offset, message, null);
    }

    /** A cursor over a DWARF section whose errors are {@link DwarfFormatException}s. */
    static Cursor cursor(ByteBuffer data, String section) {
        return new Cursor(data, section, DwarfFormatException::new);
    }
}
