package dev.klas.resolve.vars;

import dev.klas.resolve.dwarf.AddressRange;
import dev.klas.resolve.dwarf.Die;
import dev.klas.resolve.dwarf.DwAt;
import dev.klas.resolve.dwarf.DwTag;
import dev.klas.resolve.dwarf.DwarfInfo;
import dev.klas.resolve.dwarf.LocationLists;
import dev.klas.resolve.dwarf.Unit;
import dev.klas.resolve.InlineChains;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variables visible at an address, by C's rules: the innermost function's parameters and the locals of every
 * block holding the address (an inlined subroutine starts a new function scope: its caller's locals are not
 * visible in it), then the compile unit's globals and statics, then an external definition in any unit.
 */
public final class Scopes {
    private final DwarfInfo dwarf;
    private final InlineChains inlines;
    private final Map<String, Optional<Variable>> externals = new HashMap<>();

    public Scopes(DwarfInfo dwarf, InlineChains inlines) {
        this.dwarf = dwarf;
        this.inlines = inlines;
    }

    /** What is visible at {@code pc}: the innermost scope's names win. Empty when no subprogram holds pc. */
    public Map<String, Variable> at(long pc) {
        Optional<Die> subprogram = inlines.subprogramAt(pc);
        Map<String, Variable> out = new LinkedHashMap<>();
        if (subprogram.isEmpty()) {
            return out;
        }
        Die sp = subprogram.get();
        globals(sp.unit(), out);
        Map<String, Variable> locals = new LinkedHashMap<>();
        walk(sp, sp, pc, locals);
        out.putAll(locals);
        return out;
    }

    /** The variable {@code name} at {@code pc}, looking for an external definition in every unit as a last resort. */
    public Optional<Variable> lookup(long pc, String name) {
        Variable v = at(pc).get(name);
        if (v != null && !(v.location() instanceof dev.klas.resolve.dwarf.Location.None
                && v.kind() == Variable.Kind.GLOBAL)) {
            return Optional.of(v);
        }
        Optional<Variable> external = external(name);
        return external.isPresent() ? external : Optional.ofNullable(v);
    }

    /** The concrete subprogram holding {@code pc}. */
    public Optional<Die> subprogramAt(long pc) {
        return inlines.subprogramAt(pc);
    }

    private void walk(Die scope, Die function, long pc, Map<String, Variable> locals) {
        for (Die c : scope.children()) {
            int tag = c.tag();
            if (tag == DwTag.FORMAL_PARAMETER || tag == DwTag.VARIABLE) {
                add(c, tag == DwTag.FORMAL_PARAMETER ? Variable.Kind.PARAMETER : Variable.Kind.LOCAL, function,
                        locals);
            }
        }
        for (Die c : scope.children()) {
            if (c.tag() == DwTag.LEXICAL_BLOCK && holds(c, pc)) {
                walk(c, function, pc, locals);
                return;
            }
            if (c.tag() == DwTag.INLINED_SUBROUTINE && contains(c, pc)) {
                locals.clear();
                walk(c, function, pc, locals);
                return;
            }
        }
    }

    /** A block holds pc when its ranges do, or (a block without ranges) when a scope inside it does. */
    private static boolean holds(Die block, long pc) {
        if (contains(block, pc)) {
            return true;
        }
        if (!block.ranges().isEmpty()) {
            return false;
        }
        for (Die c : block.children()) {
            if ((c.tag() == DwTag.LEXICAL_BLOCK && holds(c, pc))
                    || (c.tag() == DwTag.INLINED_SUBROUTINE && contains(c, pc))) {
                return true;
            }
        }
        return false;
    }

    private static void add(Die d, Variable.Kind kind, Die function, Map<String, Variable> into) {
        d.effectiveName().ifPresent(n -> into.put(n, new Variable(n, kind, d, Attributes.type(d),
                LocationLists.of(d), kind == Variable.Kind.GLOBAL ? Optional.empty() : Optional.of(function))));
    }

    private static void globals(Unit u, Map<String, Variable> out) {
        List<Die> top = u.dies().isEmpty() ? List.of() : u.dies().get(0).children();
        for (Die d : top) {
            if (d.tag() != DwTag.VARIABLE) {
                continue;
            }
            Optional<String> name = d.effectiveName();
            if (name.isEmpty()) {
                continue;
            }
            Variable prior = out.get(name.get());
            boolean defines = d.has(DwAt.LOCATION) || d.has(DwAt.CONST_VALUE);
            if (prior == null || defines) {
                add(d, Variable.Kind.GLOBAL, d, out);
            }
        }
    }

    private synchronized Optional<Variable> external(String name) {
        return externals.computeIfAbsent(name, n -> {
            List<Variable> found = new ArrayList<>();
            for (Unit u : dwarf.units()) {
                if (u.unitType() != Unit.DW_UT_COMPILE && u.unitType() != Unit.DW_UT_PARTIAL) {
                    continue;
                }
                Map<String, Variable> g = new LinkedHashMap<>();
                globals(u, g);
                Variable v = g.get(n);
                if (v != null && v.die().has(DwAt.LOCATION) && isExternal(v.die())) {
                    found.add(v);
                }
            }
            return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
        });
    }

    private static boolean isExternal(Die d) {
        if (d.has(DwAt.EXTERNAL)) {
            return true;
        }
        return d.reference(DwAt.SPECIFICATION).map(s -> s.has(DwAt.EXTERNAL)).orElse(false);
    }

    private static boolean contains(Die d, long pc) {
        for (AddressRange r : d.ranges()) {
            if (r.contains(pc)) {
                return true;
            }
        }
        return false;
    }
}
