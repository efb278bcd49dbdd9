package dev.klas.resolve.joinpoint;

import java.util.Objects;

/**
 * A static place in the C source to be found in a binary.
 *
 * @param file     source path as recorded (relative or absolute; matched by path suffix against the line tables)
 * @param column   1-based column, 0 when unknown
 * @param struct   the struct/union tag for field accesses and fp-calls, else empty
 * @param member   dotted member path inside {@code struct} ({@code m_hdr.mh_len} for the macro {@code m_len});
 *                 the callee for {@link PlaceKind#CALL}; the function for {@link PlaceKind#FUNCTION}
 * @param function the enclosing function as written in the source, empty when unknown
 */
public record SourcePlace(PlaceKind kind, String file, int line, int column, String struct, String member,
                          String function) {
    public SourcePlace {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(struct, "struct");
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(function, "function");
    }

    @Override
    public String toString() {
        String what = struct.isEmpty() ? member : struct + "." + member;
        return file + ":" + line + (column > 0 ? ":" + column : "") + " " + kind + (what.isEmpty() ? "" : " " + what);
    }
}
