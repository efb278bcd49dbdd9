package dev.klas.resolve.dwarf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The layout of a struct or union type from DWARF (DWARF5 5.7): its size and its members with offsets relative to
 * the start of this layout.
 *
 * @param name    the tag name ({@code mbuf}), "" when the type is anonymous
 * @param isUnion whether this is a union
 * @param byteSize {@code DW_AT_byte_size}
 * @param members the direct members in declaration order
 * @param dieOffset the offset of the type's DIE in {@code .debug_info}
 */
public record StructLayout(String name, boolean isUnion, long byteSize, List<Member> members, long dieOffset) {
    /**
     * The chain of members a dotted path such as {@code m_hdr.mh_len} names, members of anonymous structs and
     * unions included as C allows ({@code pkt_len} inside an anonymous union); offsets of the returned members are
     * relative to their own enclosing layout. Empty when the path does not exist.
     */
    public Optional<List<Member>> path(String dotted) {
        List<Member> out = new ArrayList<>();
        StructLayout cur = this;
        for (String part : dotted.split("\\.")) {
            if (cur == null || !cur.find(part, out)) {
                return Optional.empty();
            }
            cur = out.get(out.size() - 1).nested().orElse(null);
        }
        return Optional.of(List.copyOf(out));
    }

    /** The bit offset of a dotted member path from the start of this layout (nested offsets added up). */
    public Optional<Long> bitOffsetOf(String dotted) {
        return path(dotted).map(p -> p.stream().mapToLong(Member::bitOffset).sum());
    }

    private boolean find(String name, List<Member> out) {
        for (Member m : members) {
            if (m.name().equals(name)) {
                out.add(m);
                return true;
            }
        }
        for (Member m : members) {
            if (m.isAnonymous() && m.nested().isPresent()) {
                out.add(m);
                if (m.nested().get().find(name, out)) {
                    return true;
                }
                out.remove(out.size() - 1);
            }
        }
        return false;
    }
}
