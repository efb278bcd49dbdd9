package dev.klas.advice.vars;

import dev.klas.resolve.dwarf.Die;
import dev.klas.resolve.dwarf.DwAt;
import dev.klas.resolve.dwarf.DwTag;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * C spellings of DWARF types (DWARF5 5): declarations such as {@code const struct pkt *$p}, and the definitions the
 * advice needs to follow members ({@code $p->len}): typedefs and structs, unions laid out from DWARF (packed, with
 * explicit padding, so every member sits at its DWARF offset whatever the advice's compiler would choose). Enums are
 * spelled as their integer type; bit-fields are declared with their width at their DWARF bit offset. Definitions are emitted in block scope, so they shadow
 * (never clash with) the same names from an {@code <include>}.
 */
final class CTypes {
    /** Aggregates defined through pointers beyond this many stay incomplete (a kernel type graph is large). */
    static final int MAX_DEFINITIONS = 400;

    private final Map<String, String> forward = new LinkedHashMap<>();
    private final Map<String, String> definitions = new LinkedHashMap<>();
    private final Set<String> visiting = new HashSet<>();
    private final List<Die> pending = new ArrayList<>();

    /** Thrown for a type klas cannot spell in C. */
    static final class Unprintable extends Exception {
        private static final long serialVersionUID = 1L;

        Unprintable(String message) {
            super(message, null, false, false);
        }
    }

    enum Kind { INTEGER, FLOAT, AGGREGATE }

    /** A declaration of {@code name} with type {@code type} (void when empty), and every definition it needs. */
    String declare(Optional<Die> type, String name) throws Unprintable {
        String s = spell(type, name);
        needs(type, true);
        while (!pending.isEmpty() && definitions.size() < MAX_DEFINITIONS) {
            Die d = pending.remove(0);
            define(d);
        }
        return s;
    }

    /** The forward declarations and definitions, in an order C accepts. */
    String definitions() {
        StringBuilder b = new StringBuilder();
        forward.values().forEach(f -> b.append('\t').append(f).append('\n'));
        definitions.values().forEach(d -> b.append('\t').append(d).append('\n'));
        return b.toString();
    }

    static OptionalLong size(Optional<Die> type) {
        Optional<Die> t = strip(type);
        if (t.isEmpty()) {
            return OptionalLong.empty();
        }
        Die d = t.get();
        if (d.tag() == DwTag.POINTER_TYPE) {
            return OptionalLong.of(d.number(DwAt.BYTE_SIZE).orElse(8));
        }
        if (d.tag() == DwTag.ARRAY_TYPE) {
            OptionalLong n = count(d);
            OptionalLong e = size(d.reference(DwAt.TYPE));
            return n.isPresent() && e.isPresent() ? OptionalLong.of(n.getAsLong() * e.getAsLong())
                    : OptionalLong.empty();
        }
        return d.number(DwAt.BYTE_SIZE);
    }

    static Kind kind(Optional<Die> type) {
        Optional<Die> t = strip(type);
        if (t.isEmpty()) {
            return Kind.AGGREGATE;
        }
        return switch (t.get().tag()) {
            case DwTag.POINTER_TYPE, DwTag.ENUMERATION_TYPE -> Kind.INTEGER;
            case DwTag.BASE_TYPE -> switch ((int) t.get().number(DwAt.ENCODING).orElse(0)) {
                case 0x04, 0x03 -> Kind.FLOAT; /* DW_ATE_float, DW_ATE_complex_float */
                default -> Kind.INTEGER;
            };
            default -> Kind.AGGREGATE;
        };
    }

    /** The type without typedefs and qualifiers. */
    static Optional<Die> strip(Optional<Die> type) {
        Optional<Die> t = type;
        for (int hops = 0; hops < 32 && t.isPresent(); hops++) {
            int tag = t.get().tag();
            if (tag != DwTag.TYPEDEF && tag != DwTag.CONST_TYPE && tag != DwTag.VOLATILE_TYPE
                    && tag != DwTag.RESTRICT_TYPE && tag != DwTag.ATOMIC_TYPE) {
                return t;
            }
            t = t.get().reference(DwAt.TYPE);
        }
        return t;
    }

    private String spell(Optional<Die> type, String decl) throws Unprintable {
        if (type.isEmpty()) {
            return join("void", decl);
        }
        Die d = type.get();
        switch (d.tag()) {
            case DwTag.BASE_TYPE:
                return join(baseName(d), decl);
            case DwTag.TYPEDEF:
                return join(name(d), decl);
            case DwTag.STRUCTURE_TYPE, DwTag.UNION_TYPE:
                return join(d.name().isPresent() ? tag(d) : body(d), decl);
            case DwTag.ENUMERATION_TYPE:
                return join(enumInteger(d), decl);
            case DwTag.POINTER_TYPE:
                return spell(d.reference(DwAt.TYPE), "*" + decl);
            case DwTag.CONST_TYPE, DwTag.VOLATILE_TYPE, DwTag.RESTRICT_TYPE, DwTag.ATOMIC_TYPE: {
                String q = switch (d.tag()) {
                    case DwTag.CONST_TYPE -> "const";
                    case DwTag.VOLATILE_TYPE -> "volatile";
                    case DwTag.RESTRICT_TYPE -> "restrict";
                    default -> "_Atomic";
                };
                Optional<Die> inner = d.reference(DwAt.TYPE);
                int innerTag = inner.map(Die::tag).orElse(-1);
                if (innerTag == DwTag.POINTER_TYPE) {
                    return spell(inner, q + " " + decl);
                }
                if (innerTag == DwTag.ARRAY_TYPE || innerTag == DwTag.SUBROUTINE_TYPE) {
                    return spell(inner, decl);
                }
                return q + " " + spell(inner, decl);
            }
            case DwTag.ARRAY_TYPE:
                return spell(d.reference(DwAt.TYPE), wrap(decl) + dimensions(d));
            case DwTag.SUBROUTINE_TYPE:
                return spell(d.reference(DwAt.TYPE), wrap(decl) + parameters(d));
            default:
                throw new Unprintable("its type (DWARF tag 0x" + Integer.toHexString(d.tag()) + " at DIE 0x"
                        + Long.toHexString(d.offset()) + ") has no C spelling klas knows");
        }
    }

    private static String join(String type, String decl) {
        return decl.isEmpty() ? type : type + " " + decl;
    }

    private static String wrap(String decl) {
        return decl.startsWith("*") ? "(" + decl + ")" : decl;
    }

    private static String baseName(Die d) throws Unprintable {
        String n = name(d);
        return n.startsWith("complex ") ? "_Complex " + n.substring(8) : n;
    }

    private static String name(Die d) throws Unprintable {
        return d.name().orElseThrow(() -> new Unprintable("its type (DIE 0x" + Long.toHexString(d.offset())
                + ") has no name"));
    }

    private static String tag(Die d) throws Unprintable {
        return (d.tag() == DwTag.UNION_TYPE ? "union " : "struct ") + name(d);
    }

    private static String enumInteger(Die d) {
        long size = d.number(DwAt.BYTE_SIZE).orElse(4);
        boolean signed = d.reference(DwAt.TYPE).map(t -> t.number(DwAt.ENCODING).orElse(0) == 0x05).orElse(false);
        String u = signed ? "" : "u";
        return switch ((int) size) {
            case 1 -> u + "int8_t";
            case 2 -> u + "int16_t";
            case 8 -> u + "int64_t";
            default -> u + "int32_t";
        };
    }

    /** The number of elements: the product of every dimension (DWARF5 5.5: one subrange per dimension). */
    private static OptionalLong count(Die array) {
        long n = 1;
        boolean any = false;
        for (Die c : array.children()) {
            if (c.tag() == DwTag.SUBRANGE_TYPE) {
                OptionalLong count = c.number(DwAt.COUNT);
                OptionalLong ub = c.number(DwAt.UPPER_BOUND);
                if (count.isEmpty() && ub.isEmpty()) {
                    return OptionalLong.empty();
                }
                n *= count.isPresent() ? count.getAsLong() : ub.getAsLong() + 1;
                any = true;
            }
        }
        return any ? OptionalLong.of(n) : OptionalLong.empty();
    }

    private static String dimensions(Die array) {
        StringBuilder b = new StringBuilder();
        for (Die c : array.children()) {
            if (c.tag() == DwTag.SUBRANGE_TYPE) {
                OptionalLong n = c.number(DwAt.COUNT);
                OptionalLong ub = c.number(DwAt.UPPER_BOUND);
                long len = n.isPresent() ? n.getAsLong() : ub.isPresent() ? ub.getAsLong() + 1 : -1;
                b.append(len < 0 ? "[]" : "[" + len + "]");
            }
        }
        return b.length() == 0 ? "[]" : b.toString();
    }

    private String parameters(Die fn) throws Unprintable {
        List<String> ps = new ArrayList<>();
        for (Die c : fn.children()) {
            if (c.tag() == DwTag.FORMAL_PARAMETER) {
                ps.add(spell(c.reference(DwAt.TYPE), ""));
            } else if (c.tag() == DwTag.UNSPECIFIED_PARAMETERS) {
                ps.add("...");
            }
        }
        return "(" + (ps.isEmpty() ? "void" : String.join(", ", ps)) + ")";
    }

    /**
     * Numbers the padding members of all bodies: an anonymous struct or union member is spelled inline, and C puts
     * its members' names into the enclosing aggregate, so two bodies' {@code klas_pad0} would collide.
     */
    private int pads;

    /**
     * The struct or union body with its members at their DWARF offsets (packed, explicit padding). A bit-field is
     * declared with its width at its DWARF bit offset: in a packed struct gcc lays bit-fields bit after bit, so the
     * padding before one is counted in bits (unnamed bit-fields for the bits that do not fill a byte).
     */
    private String body(Die d) throws Unprintable {
        boolean union = d.tag() == DwTag.UNION_TYPE;
        StringBuilder b = new StringBuilder(union ? "union { " : "struct { ");
        if (d.has(DwAt.DECLARATION) && !d.hasChildren()) {
            throw new Unprintable("an anonymous aggregate (DIE 0x" + Long.toHexString(d.offset()) + ") is only declared");
        }
        long at = 0;
        for (Die m : d.children()) {
            if (m.tag() != DwTag.MEMBER) {
                continue;
            }
            boolean bitField = MemberTypes.bitField(m);
            OptionalLong bitOffset = bitField ? BitField.offset(m) : OptionalLong.empty();
            if (bitField && (bitOffset.isEmpty() || m.name().isEmpty() || union && bitOffset.getAsLong() != 0)) {
                continue;
            }
            long offset = union ? 0 : bitField ? bitOffset.getAsLong()
                    : 8 * m.number(DwAt.DATA_MEMBER_LOCATION).orElse((at + 7) / 8);
            if (!union && offset < at) {
                continue;
            }
            if (!union) {
                pad(b, at, offset);
            }
            if (bitField) {
                long bits = m.number(DwAt.BIT_SIZE).getAsLong();
                b.append(spell(m.reference(DwAt.TYPE), m.name().get())).append(" : ").append(bits).append("; ");
                at = offset + bits;
            } else {
                b.append(spell(m.reference(DwAt.TYPE), m.name().orElse(""))).append("; ");
                at = offset + 8 * size(m.reference(DwAt.TYPE)).orElse(0);
            }
        }
        long total = 8 * d.number(DwAt.BYTE_SIZE).orElse((at + 7) / 8);
        if (union) {
            b.append("unsigned char klas_size").append(pads++).append('[').append(total / 8).append("]; ");
        } else {
            pad(b, at, total);
        }
        return b.append("} __attribute__((packed))").toString();
    }

    /** Padding from bit {@code from} to bit {@code to}: bits up to a byte, whole bytes, then the bits left. */
    private void pad(StringBuilder b, long from, long to) {
        long gap = to - from;
        long lead = from % 8 == 0 ? 0 : Math.min(gap, 8 - from % 8);
        if (lead > 0) {
            b.append("unsigned char : ").append(lead).append("; ");
            gap -= lead;
        }
        if (gap / 8 > 0) {
            b.append("unsigned char klas_pad").append(pads++).append('[').append(gap / 8).append("]; ");
        }
        if (gap % 8 > 0) {
            b.append("unsigned char : ").append(gap % 8).append("; ");
        }
    }

    /** Registers what declaring {@code type} requires; {@code value}: complete types needed (not behind a pointer). */
    private void needs(Optional<Die> type, boolean value) throws Unprintable {
        if (type.isEmpty()) {
            return;
        }
        Die d = type.get();
        switch (d.tag()) {
            case DwTag.TYPEDEF -> {
                define(d);
                if (value) {
                    needs(d.reference(DwAt.TYPE), true);
                }
            }
            case DwTag.STRUCTURE_TYPE, DwTag.UNION_TYPE -> {
                if (d.name().isEmpty()) {
                    members(d);
                } else {
                    forward.putIfAbsent(tag(d), tag(d) + ";");
                    if (value) {
                        define(d);
                    } else if (!definitions.containsKey(tag(d))) {
                        pending.add(d);
                    }
                }
            }
            case DwTag.POINTER_TYPE -> needs(d.reference(DwAt.TYPE), false);
            case DwTag.SUBROUTINE_TYPE -> {
                needs(d.reference(DwAt.TYPE), false);
                for (Die c : d.children()) {
                    needs(c.reference(DwAt.TYPE), false);
                }
            }
            case DwTag.ARRAY_TYPE, DwTag.CONST_TYPE, DwTag.VOLATILE_TYPE, DwTag.RESTRICT_TYPE, DwTag.ATOMIC_TYPE ->
                    needs(d.reference(DwAt.TYPE), value);
            default -> {
            }
        }
    }

    private void members(Die aggregate) throws Unprintable {
        for (Die m : aggregate.children()) {
            if (m.tag() == DwTag.MEMBER) {
                needs(m.reference(DwAt.TYPE), true);
            }
        }
    }

    private void define(Die d) throws Unprintable {
        boolean typedef = d.tag() == DwTag.TYPEDEF;
        String key = typedef ? "typedef " + name(d) : tag(d);
        if (definitions.containsKey(key) || !visiting.add(key)) {
            return;
        }
        try {
            if (typedef) {
                needs(d.reference(DwAt.TYPE), false);
                definitions.put(key, "typedef " + spell(d.reference(DwAt.TYPE), name(d)) + ";");
            } else if (d.has(DwAt.DECLARATION) && !d.hasChildren()) {
                forward.putIfAbsent(key, key + ";");
            } else {
                members(d);
                definitions.put(key, key + " " + body(d).replaceFirst("^(struct|union) ", "") + ";");
            }
        } finally {
            visiting.remove(key);
        }
    }
}
