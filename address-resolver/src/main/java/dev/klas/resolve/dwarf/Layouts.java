package dev.klas.resolve.dwarf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Builds {@link StructLayout}s from structure and union DIEs (DWARF5 5.7), sizes from type DIEs (5.1-5.5). */
final class Layouts {
    private static final int MAX_DEPTH = 32;
    private static final int MAX_MEMBERS = 100_000;
    private static final int DW_OP_PLUS_UCONST = 0x23;

    private Layouts() {
    }

    static boolean isAggregate(Die d) {
        return d.tag() == DwTag.STRUCTURE_TYPE || d.tag() == DwTag.UNION_TYPE;
    }

    /** The layout of a struct or union DIE, nested member types included. */
    static StructLayout layout(Die type) {
        return layout(type, new ArrayList<>(), new int[1]);
    }

    private static StructLayout layout(Die type, List<Long> path, int[] budget) {
        path.add(type.offset());
        List<Member> members = new ArrayList<>();
        for (Die m : type.children()) {
            if (m.tag() == DwTag.MEMBER) {
                if (++budget[0] > MAX_MEMBERS) {
                    throw new DwarfFormatException(DwarfSections.INFO, type.offset(), "struct layout has more than "
                            + MAX_MEMBERS + " members");
                }
                members.add(member(m, path, budget));
            }
        }
        path.remove(path.size() - 1);
        return new StructLayout(type.name().orElse(""), type.tag() == DwTag.UNION_TYPE,
                type.number(DwAt.BYTE_SIZE).orElse(0), List.copyOf(members), type.offset());
    }

    private static Member member(Die m, List<Long> path, int[] budget) {
        Optional<Die> type = m.reference(DwAt.TYPE);
        long size = type.map(t -> size(t, 0)).orElse(0L);
        long byteOffset = location(m);
        int bitSize = (int) m.number(DwAt.BIT_SIZE).orElse(0);
        long bitOffset;
        OptionalLong dataBit = m.number(DwAt.DATA_BIT_OFFSET);
        if (dataBit.isPresent()) {
            bitOffset = dataBit.getAsLong();
        } else if (bitSize > 0 && m.has(DwAt.BIT_OFFSET)) {
            long storage = m.number(DwAt.BYTE_SIZE).orElse(size);
            bitOffset = byteOffset * 8 + storage * 8 - m.number(DwAt.BIT_OFFSET).orElse(0) - bitSize;
        } else {
            bitOffset = byteOffset * 8;
        }
        Optional<StructLayout> nested = Optional.empty();
        Optional<Die> agg = type.map(t -> strip(t, 0)).filter(Layouts::isAggregate);
        if (agg.isPresent() && path.size() < MAX_DEPTH && !path.contains(agg.get().offset())) {
            nested = Optional.of(layout(agg.get(), path, budget));
        }
        return new Member(m.name().orElse(""), bitOffset, bitSize, size, type.map(t -> name(t, 0)).orElse("?"),
                nested);
    }

    /** The layout's shape without DIE offsets: equal for the same type seen in two units. */
    static String signature(StructLayout l) {
        StringBuilder b = new StringBuilder();
        b.append(l.isUnion() ? "union " : "struct ").append(l.name()).append(' ').append(l.byteSize()).append('{');
        for (Member m : l.members()) {
            b.append(m.name()).append('@').append(m.bitOffset()).append(':').append(m.bitSize()).append('/')
                    .append(m.byteSize()).append(' ').append(m.typeName());
            m.nested().ifPresent(n -> b.append(signature(n)));
            b.append(';');
        }
        return b.append('}').toString();
    }

    /** DW_AT_data_member_location: a constant, or a DWARF 2 expression DW_OP_plus_uconst N. */
    private static long location(Die m) {
        OptionalLong n = m.number(DwAt.DATA_MEMBER_LOCATION);
        if (n.isPresent()) {
            return n.getAsLong();
        }
        Optional<byte[]> b = m.block(DwAt.DATA_MEMBER_LOCATION);
        if (b.isPresent() && b.get().length > 1 && (b.get()[0] & 0xff) == DW_OP_PLUS_UCONST) {
            long v = 0;
            int shift = 0;
            for (int i = 1; i < b.get().length && shift < 64; i++, shift += 7) {
                v |= (long) (b.get()[i] & 0x7f) << shift;
                if (b.get()[i] >= 0) {
                    break;
                }
            }
            return v;
        }
        return 0;
    }

    /** Looks through typedefs and qualifiers. */
    static Die strip(Die t, int depth) {
        Die d = t;
        for (int i = depth; i < MAX_DEPTH; i++) {
            int tag = d.tag();
            if (tag != DwTag.TYPEDEF && tag != DwTag.CONST_TYPE && tag != DwTag.VOLATILE_TYPE
                    && tag != DwTag.RESTRICT_TYPE && tag != DwTag.ATOMIC_TYPE) {
                return d;
            }
            Optional<Die> next = d.reference(DwAt.TYPE);
            if (next.isEmpty()) {
                return d;
            }
            d = next.get();
        }
        return d;
    }

    static long size(Die t, int depth) {
        if (depth > MAX_DEPTH) {
            return 0;
        }
        OptionalLong s = t.number(DwAt.BYTE_SIZE);
        if (s.isPresent()) {
            return s.getAsLong();
        }
        return switch (t.tag()) {
            case DwTag.POINTER_TYPE -> t.unit().addressSize();
            case DwTag.ARRAY_TYPE -> {
                long n = 1;
                for (Die sub : t.children()) {
                    if (sub.tag() == DwTag.SUBRANGE_TYPE) {
                        OptionalLong count = sub.number(DwAt.COUNT);
                        OptionalLong upper = sub.number(DwAt.UPPER_BOUND);
                        n *= count.isPresent() ? count.getAsLong() : upper.isPresent() ? upper.getAsLong() + 1 : 0;
                    }
                }
                yield n * t.reference(DwAt.TYPE).map(e -> size(e, depth + 1)).orElse(0L);
            }
            default -> t.reference(DwAt.TYPE).map(e -> size(e, depth + 1)).orElse(0L);
        };
    }

    static String name(Die t, int depth) {
        if (depth > MAX_DEPTH) {
            return "?";
        }
        Optional<String> n = t.name();
        String inner = t.reference(DwAt.TYPE).map(e -> name(e, depth + 1)).orElse("void");
        return switch (t.tag()) {
            case DwTag.STRUCTURE_TYPE -> "struct " + n.orElse("{...}");
            case DwTag.UNION_TYPE -> "union " + n.orElse("{...}");
            case DwTag.ENUMERATION_TYPE -> "enum " + n.orElse("{...}");
            case DwTag.POINTER_TYPE -> inner + " *";
            case DwTag.CONST_TYPE -> "const " + inner;
            case DwTag.VOLATILE_TYPE -> "volatile " + inner;
            case DwTag.ARRAY_TYPE -> inner + "[" + (size(t, depth) / Math.max(1, t.reference(DwAt.TYPE)
                    .map(e -> size(e, depth + 1)).orElse(1L))) + "]";
            case DwTag.SUBROUTINE_TYPE -> inner + " (...)";
            default -> n.orElse(inner);
        };
    }
}
