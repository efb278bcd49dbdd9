package dev.klas.advice.vars;

import dev.klas.resolve.dwarf.Die;
import dev.klas.resolve.dwarf.DwAt;
import dev.klas.resolve.dwarf.DwTag;
import dev.klas.resolve.dwarf.DwarfInfo;
import dev.klas.resolve.dwarf.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A struct's definition and a member's DIE from DWARF by name: the compile unit of the hook first (its layout is the
 * one the hooked code was compiled with), then any unit.
 */
final class MemberTypes {
    private MemberTypes() {
    }

    /** The definition (not a declaration) of {@code struct tag} or {@code union tag}. */
    static Optional<Die> struct(DwarfInfo dwarf, Optional<Unit> first, String tag) {
        List<Unit> units = new ArrayList<>();
        first.ifPresent(units::add);
        units.addAll(dwarf.units());
        for (Unit u : units) {
            long[] found = {-1};
            u.forEachDie(t -> t == DwTag.STRUCTURE_TYPE || t == DwTag.UNION_TYPE, (d, depth) -> {
                if (found[0] < 0 && depth == 1 && !d.has(DwAt.DECLARATION) && d.name().filter(tag::equals).isPresent()) {
                    found[0] = d.offset();
                }
            });
            if (found[0] >= 0) {
                return u.dieAt(found[0]);
            }
        }
        return Optional.empty();
    }

    /** The member DIE at dotted {@code path} inside {@code struct}, through anonymous members. */
    static Optional<Die> member(Die struct, String path) {
        Optional<Die> aggregate = Optional.of(struct);
        Optional<Die> m = Optional.empty();
        for (String name : path.split("\\.")) {
            m = aggregate.flatMap(s -> child(s, name));
            if (m.isEmpty()) {
                return m;
            }
            aggregate = CTypes.strip(m.get().reference(DwAt.TYPE));
        }
        return m;
    }

    private static Optional<Die> child(Die aggregate, String name) {
        for (Die c : aggregate.children()) {
            if (c.tag() != DwTag.MEMBER) {
                continue;
            }
            if (c.name().filter(name::equals).isPresent()) {
                return Optional.of(c);
            }
            if (c.name().isEmpty()) {
                Optional<Die> inner = CTypes.strip(c.reference(DwAt.TYPE)).flatMap(t -> child(t, name));
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the member is a bit-field (DWARF5 5.7.6). */
    static boolean bitField(Die member) {
        return member.has(DwAt.BIT_SIZE) || member.has(DwAt.DATA_BIT_OFFSET) || member.has(DwAt.BIT_OFFSET);
    }
}
