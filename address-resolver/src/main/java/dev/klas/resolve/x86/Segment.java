package dev.klas.resolve.x86;

/** Segment registers that a segment-override prefix names (Intel SDM Vol. 2 2.1.1, prefix group 2). */
public enum Segment {
    ES, CS, SS, DS, FS, GS;

    /** AT&T name, as objdump prints it, without the {@code %}. */
    public String attName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
