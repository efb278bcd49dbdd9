package dev.klas.resolve.vars;

import dev.klas.resolve.dwarf.Die;
import dev.klas.resolve.dwarf.DwAt;
import java.util.Optional;

/** Attributes looked up through {@code DW_AT_abstract_origin} and {@code DW_AT_specification} (DWARF5 3.3.8.1). */
final class Attributes {
    private Attributes() {
    }

    static Optional<Die> type(Die d) {
        Die at = d;
        for (int hops = 0; hops < 8; hops++) {
            if (at.has(DwAt.TYPE)) {
                return at.reference(DwAt.TYPE);
            }
            Die cur = at;
            Optional<Die> next = cur.reference(DwAt.ABSTRACT_ORIGIN).or(() -> cur.reference(DwAt.SPECIFICATION));
            if (next.isEmpty()) {
                return Optional.empty();
            }
            at = next.get();
        }
        return Optional.empty();
    }
}
