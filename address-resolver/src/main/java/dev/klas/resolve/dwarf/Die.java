package dev.klas.resolve.dwarf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A debugging information entry (DWARF5 2.1): tag, attributes and children. Attribute values are decoded by
 * class: {@link #string}, {@link #number}, {@link #address}, {@link #reference}; indexed forms ({@code strx*},
 * {@code addrx*}, {@code rnglistx}) are resolved through the unit's base attributes.
 */
public final class Die {
    private final Unit unit;
    private final long offset;
    private final Abbrev abbrev;
    private final Forms.Value[] values;
    private final Die parent;
    private List<Die> children = List.of();

    Die(Unit unit, long offset, Abbrev abbrev, Forms.Value[] values, Die parent) {
        this.unit = unit;
        this.offset = offset;
        this.abbrev = abbrev;
        this.values = values;
        this.parent = parent;
    }

    void addChild(Die d) {
        if (children.isEmpty()) {
            children = new ArrayList<>(4);
        }
        children.add(d);
    }

    public Unit unit() {
        return unit;
    }

    /** The DIE's offset in {@code .debug_info}. */
    public long offset() {
        return offset;
    }

    /** The tag, e.g. {@link DwTag#SUBPROGRAM}. */
    public int tag() {
        return abbrev.tag();
    }

    public boolean hasChildren() {
        return abbrev.hasChildren();
    }

    /** The children, in order (empty until the unit's tree is read by {@link Unit#dies()}). */
    public List<Die> children() {
        return children;
    }

    public Optional<Die> parent() {
        return Optional.ofNullable(parent);
    }

    public boolean has(int attribute) {
        return index(attribute) >= 0;
    }

    /** The form of {@code attribute}, or 0 when absent. */
    public int form(int attribute) {
        int i = index(attribute);
        return i < 0 ? 0 : abbrev.forms()[i];
    }

    private int index(int attribute) {
        int[] names = abbrev.names();
        for (int i = 0; i < names.length; i++) {
            if (names[i] == attribute) {
                return i;
            }
        }
        return -1;
    }

    Forms.Value value(int attribute) {
        int i = index(attribute);
        return i < 0 ? null : values[i];
    }

    /** A string attribute (string, strp, line_strp, strx*). */
    public Optional<String> string(int attribute) {
        Forms.Value v = value(attribute);
        return v == null ? Optional.empty() : string(unit, v);
    }

    /** The string a value of a string form stands for in {@code unit}. */
    static Optional<String> string(Unit unit, Forms.Value v) {
        DwarfSections s = unit.dwarf().sections();
        return switch (v.form()) {
            case Forms.DW_FORM_STRING -> Optional.of(v.string());
            case Forms.DW_FORM_STRP -> Optional.of(s.string(DwarfSections.STR, v.number()));
            case Forms.DW_FORM_LINE_STRP -> Optional.of(s.string(DwarfSections.LINE_STR, v.number()));
            case Forms.DW_FORM_STRX, Forms.DW_FORM_STRX1, Forms.DW_FORM_STRX2, Forms.DW_FORM_STRX3,
                    Forms.DW_FORM_STRX4, Forms.DW_FORM_GNU_STR_INDEX ->
                    Optional.of(s.string(DwarfSections.STR, Indexed.strOffset(unit, v.number())));
            default -> Optional.empty();
        };
    }

    /** A constant, flag, section offset or index attribute; {@code sdata} and implicit constants are signed. */
    public OptionalLong number(int attribute) {
        Forms.Value v = value(attribute);
        if (v == null || v.string() != null || v.form() == Forms.DW_FORM_DATA16) {
            return OptionalLong.empty();
        }
        if (v.block() != null) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(v.number());
    }

    /** A block or exprloc attribute's bytes. */
    public Optional<byte[]> block(int attribute) {
        Forms.Value v = value(attribute);
        return v == null || v.block() == null ? Optional.empty() : Optional.of(v.block().clone());
    }

    /** An address attribute ({@code addr}, {@code addrx*}). */
    public OptionalLong address(int attribute) {
        Forms.Value v = value(attribute);
        if (v == null) {
            return OptionalLong.empty();
        }
        return switch (v.form()) {
            case Forms.DW_FORM_ADDR -> OptionalLong.of(v.number());
            case Forms.DW_FORM_ADDRX, Forms.DW_FORM_ADDRX1, Forms.DW_FORM_ADDRX2, Forms.DW_FORM_ADDRX3,
                    Forms.DW_FORM_ADDRX4, Forms.DW_FORM_GNU_ADDR_INDEX ->
                    OptionalLong.of(Indexed.address(unit, v.number()));
            default -> OptionalLong.empty();
        };
    }

    /** The DIE a reference attribute points at ({@code ref1..8}, {@code ref_udata}, {@code ref_addr}). */
    public Optional<Die> reference(int attribute) {
        Forms.Value v = value(attribute);
        if (v == null) {
            return Optional.empty();
        }
        return switch (v.form()) {
            case Forms.DW_FORM_REF1, Forms.DW_FORM_REF2, Forms.DW_FORM_REF4, Forms.DW_FORM_REF8,
                    Forms.DW_FORM_REF_UDATA -> unit.dieAt(unit.offset() + v.number());
            case Forms.DW_FORM_REF_ADDR -> unit.dwarf().dieAt(v.number());
            default -> Optional.empty();
        };
    }

    /** {@code DW_AT_name}. */
    public Optional<String> name() {
        return string(DwAt.NAME);
    }

    /**
     * The name, following {@code DW_AT_abstract_origin} and {@code DW_AT_specification} (DWARF5 3.3.8.1) when the
     * DIE itself has none.
     */
    public Optional<String> effectiveName() {
        Die d = this;
        for (int hops = 0; hops < 8; hops++) {
            Optional<String> n = d.name();
            if (n.isPresent()) {
                return n;
            }
            Die cur = d;
            Optional<Die> next = cur.reference(DwAt.ABSTRACT_ORIGIN).or(cur::referenceSpec);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            d = next.get();
        }
        return Optional.empty();
    }

    private Optional<Die> referenceSpec() {
        return reference(DwAt.SPECIFICATION);
    }

    /**
     * The DIE's code ranges: {@code DW_AT_low_pc}/{@code DW_AT_high_pc} (high as an offset when a constant,
     * DWARF5 2.17.2) or {@code DW_AT_ranges} (DWARF5 2.17.3).
     */
    public List<AddressRange> ranges() {
        OptionalLong low = address(DwAt.LOW_PC);
        if (low.isPresent() && has(DwAt.HIGH_PC)) {
            OptionalLong high = address(DwAt.HIGH_PC);
            long end = high.isPresent() ? high.getAsLong() : low.getAsLong() + number(DwAt.HIGH_PC).orElse(0);
            return List.of(new AddressRange(low.getAsLong(), end));
        }
        Forms.Value v = value(DwAt.RANGES);
        if (v == null) {
            return List.of();
        }
        return Ranges.read(unit, v.form(), v.number());
    }

    @Override
    public String toString() {
        return "DIE 0x" + Long.toHexString(offset) + " tag 0x" + Integer.toHexString(tag())
                + name().map(n -> " " + n).orElse("");
    }
}
