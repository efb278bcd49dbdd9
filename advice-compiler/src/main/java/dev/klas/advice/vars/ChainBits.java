package dev.klas.advice.vars;

import dev.klas.resolve.dwarf.Die;
import dev.klas.resolve.dwarf.DwAt;
import dev.klas.resolve.dwarf.DwTag;
import java.util.List;
import java.util.Optional;

/**
 * A member chain of a kernel advice ({@code $t->a.flags}) that ends on a bit-field: C's {@code typeof} and
 * {@code &} do not apply to a bit-field, so {@link MemberChains}'s KLAS_MEMBER cannot read it. Walked through the
 * variable's DWARF type, the chain gives the field's bit offset from the struct its last {@code ->} points to; the
 * read is then KLAS_BITS (advice.c.mustache): the bytes that hold the field through copy_from_kernel_nofault, and
 * its value by {@link BitField}'s rule, the one klas_value and klas_new use.
 */
final class ChainBits {
    private ChainBits() {
    }

    /** A member found in an aggregate: its DIE and its first bit from the aggregate's start. */
    private record Found(Die member, long bit) {
    }

    /**
     * The C expression reading the bit-field {@code steps} ({@code "->a"}, {@code ".flags"}) end on, from a variable of
     * {@code type}, with {@code base} the C expression of the pointer the last {@code ->} follows; empty when the
     * chain does not end on a bit-field klas can place.
     */
    static Optional<String> read(Optional<Die> type, List<String> steps, String base) {
        Optional<Die> t = type;
        long bit = 0;
        Optional<Die> last = Optional.empty();
        for (String step : steps) {
            boolean arrow = step.startsWith("->");
            Optional<Die> s = CTypes.strip(t);
            if (arrow) {
                s = s.filter(d -> d.tag() == DwTag.POINTER_TYPE).flatMap(d -> CTypes.strip(d.reference(DwAt.TYPE)));
                bit = 0;
            }
            if (s.isEmpty() || s.get().tag() != DwTag.STRUCTURE_TYPE && s.get().tag() != DwTag.UNION_TYPE) {
                return Optional.empty();
            }
            Optional<Found> m = find(s.get(), step.substring(arrow ? 2 : 1));
            if (m.isEmpty()) {
                return Optional.empty();
            }
            bit += m.get().bit();
            t = m.get().member().reference(DwAt.TYPE);
            last = Optional.of(m.get().member());
        }
        Optional<BitField> field = last.flatMap(BitField::of);
        if (field.isEmpty() || field.get().bytes() > 8) {
            return Optional.empty();
        }
        BitField f = field.get();
        return Optional.of("KLAS_BITS(" + f.promoted() + ", " + base + ", " + bit / 8 + ", " + f.bytes() + ", "
                + f.value("klas_b") + ")");
    }

    /** The member {@code name} of {@code aggregate}, looked for in its anonymous members too, and its first bit. */
    private static Optional<Found> find(Die aggregate, String name) {
        boolean union = aggregate.tag() == DwTag.UNION_TYPE;
        for (Die c : aggregate.children()) {
            if (c.tag() != DwTag.MEMBER) {
                continue;
            }
            long bit = MemberTypes.bitField(c) ? BitField.offset(c).orElse(0)
                    : union ? 0 : 8 * c.number(DwAt.DATA_MEMBER_LOCATION).orElse(0);
            if (c.name().filter(name::equals).isPresent()) {
                return Optional.of(new Found(c, bit));
            }
            if (c.name().isEmpty()) {
                Optional<Found> inner = CTypes.strip(c.reference(DwAt.TYPE)).flatMap(t -> find(t, name));
                if (inner.isPresent()) {
                    return Optional.of(new Found(inner.get().member(), bit + inner.get().bit()));
                }
            }
        }
        return Optional.empty();
    }
}
