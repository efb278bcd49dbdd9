package dev.klas.advice.vars;

import dev.klas.resolve.dwarf.Die;
import dev.klas.resolve.dwarf.DwAt;
import dev.klas.resolve.dwarf.DwTag;
import dev.klas.resolve.dwarf.DwarfInfo;
import dev.klas.resolve.dwarf.Unit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The direct calls DWARF describes (DWARF5 3.4: {@code DW_TAG_call_site} with {@code DW_AT_call_origin} and
 * {@code DW_AT_call_return_pc}; gcc's DWARF 4 {@code DW_TAG_GNU_call_site}, whose {@code DW_AT_low_pc} is the return
 * address) and, per call, the value each argument register had at the call ({@code DW_TAG_call_site_parameter}:
 * {@code DW_AT_location} a register, {@code DW_AT_call_value} an expression in the caller's frame). Tail calls are
 * left out: they return elsewhere, so their return address does not identify them.
 */
final class CallSites {
    private static final int GNU_CALL_SITE = 0x4109;
    private static final int GNU_CALL_SITE_PARAMETER = 0x410a;
    private static final int CALL_SITE_PARAMETER = 0x49;
    private static final int CALL_RETURN_PC = 0x7d;
    private static final int CALL_VALUE = 0x7e;
    private static final int CALL_ORIGIN = 0x7f;
    private static final int CALL_TAIL_CALL = 0x82;
    private static final int GNU_CALL_SITE_VALUE = 0x2111;
    private static final int GNU_TAIL_CALL = 0x2115;

    /**
     * One call: its return address (link time), DWARF register number to the call value's expression, and the
     * calling function's frame base ({@code DW_AT_frame_base}: a call value may be {@code DW_OP_fbreg}).
     */
    record Call(long returnPc, Map<Integer, byte[]> values, int addressSize, Optional<byte[]> callerFrameBase) {
    }

    private final DwarfInfo dwarf;
    private Map<String, List<Call>> byCallee;

    CallSites(DwarfInfo dwarf) {
        this.dwarf = dwarf;
    }

    /** The direct calls of {@code function} (a subprogram with code). */
    synchronized List<Call> of(Die function) {
        if (byCallee == null) {
            byCallee = new HashMap<>();
            for (Unit u : dwarf.units()) {
                List<Long> sites = new ArrayList<>();
                u.forEachDie(t -> t == DwTag.CALL_SITE || t == GNU_CALL_SITE, (d, depth) -> sites.add(d.offset()));
                sites.forEach(o -> u.dieAt(o).ifPresent(this::add)); /* the tree's DIE: its children are read */
            }
        }
        List<Call> out = new ArrayList<>(byCallee.getOrDefault(key(function), List.of()));
        for (int link : new int[] {DwAt.ABSTRACT_ORIGIN, DwAt.SPECIFICATION}) {
            function.reference(link).ifPresent(o -> out.addAll(byCallee.getOrDefault(key(o), List.of())));
        }
        Optional<Die> named = function.name().isPresent() ? Optional.of(function)
                : function.reference(DwAt.ABSTRACT_ORIGIN).or(() -> function.reference(DwAt.SPECIFICATION));
        named.filter(n -> n.has(DwAt.EXTERNAL)).flatMap(Die::name)
                .ifPresent(n -> out.addAll(byCallee.getOrDefault("extern " + n, List.of())));
        return out;
    }

    private void add(Die site) {
        if (site.has(CALL_TAIL_CALL) || site.has(GNU_TAIL_CALL)) {
            return;
        }
        Optional<Die> origin = site.reference(CALL_ORIGIN).or(() -> site.reference(DwAt.ABSTRACT_ORIGIN));
        java.util.OptionalLong ret = site.tag() == DwTag.CALL_SITE ? site.address(CALL_RETURN_PC)
                : site.address(DwAt.LOW_PC);
        if (origin.isEmpty() || ret.isEmpty()) {
            return;
        }
        Map<Integer, byte[]> values = new HashMap<>();
        for (Die p : site.children()) {
            if (p.tag() != CALL_SITE_PARAMETER && p.tag() != GNU_CALL_SITE_PARAMETER) {
                continue;
            }
            Optional<byte[]> loc = p.block(DwAt.LOCATION);
            Optional<byte[]> value = p.block(CALL_VALUE).or(() -> p.block(GNU_CALL_SITE_VALUE));
            if (loc.isPresent() && loc.get().length == 1 && (loc.get()[0] & 0xff) >= 0x50
                    && (loc.get()[0] & 0xff) <= 0x6f && value.isPresent()) {
                values.put((loc.get()[0] & 0xff) - 0x50, value.get());
            }
        }
        Die callee = origin.get();
        String key = callee.has(DwAt.DECLARATION) && callee.name().isPresent() ? "extern " + callee.name().get()
                : key(callee);
        byCallee.computeIfAbsent(key, k -> new ArrayList<>()).add(new Call(ret.getAsLong(), values,
                site.unit().addressSize(), caller(site).flatMap(f -> f.block(DwAt.FRAME_BASE))));
    }

    /** The subprogram the call is in (through inlined subroutines and lexical blocks). */
    private static Optional<Die> caller(Die site) {
        Optional<Die> d = site.parent();
        while (d.isPresent() && d.get().tag() != DwTag.SUBPROGRAM) {
            d = d.get().parent();
        }
        return d;
    }

    private static String key(Die d) {
        return d.unit().offset() + ":" + d.offset();
    }
}
