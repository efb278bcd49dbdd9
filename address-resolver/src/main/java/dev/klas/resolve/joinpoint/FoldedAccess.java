package dev.klas.resolve.joinpoint;

import dev.klas.resolve.InlinedCopies;
import dev.klas.resolve.dwarf.AddressRange;
import dev.klas.resolve.dwarf.Die;
import dev.klas.resolve.dwarf.DwAt;
import dev.klas.resolve.dwarf.DwTag;
import dev.klas.resolve.dwarf.LineRow;
import dev.klas.resolve.dwarf.Member;
import dev.klas.resolve.dwarf.StructLayout;
import dev.klas.resolve.x86.Instruction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A field access of an inlined copy that gcc folded into an instruction of its caller ({@code return p->len;} in an
 * inlined accessor becoming the caller's {@code cmpw $0x64,0x8(%rdi)}): the copy's own line has no such instruction,
 * but the pointer's DWARF location names the register, and the member its offset and width. The instruction is
 * searched in the copy's own ranges and in the code the line table gives the call's line (after the copy's entry),
 * and taken only when exactly one instruction there has a memory operand {@code offset(%reg)} of the member's width
 * and direction whose base register DWARF says holds the pointer at that instruction: the copy's parameter itself,
 * or a variable of the caller that is in the same register at the copy's entry and at the instruction.
 */
final class FoldedAccess {
    /** The instruction found, or why none is taken. */
    sealed interface Outcome {
    }

    record Found(Instruction instruction) implements Outcome {
    }

    record NotFound(String reason) implements Outcome {
    }

    private final Binary binary;
    private final Map<Long, List<LineRow>> rows = new ConcurrentHashMap<>();

    FoldedAccess(Binary binary) {
        this.binary = binary;
    }

    /** The one inlined copy that starts at or holds {@code runStarts}: its instruction, or why there is none. */
    Outcome find(SourcePlace place, List<Long> runStarts, StructLayout layout, long offset, PlaceKind kind) {
        List<Outcome> each = findEach(place, runStarts, layout, offset, kind);
        if (each.size() == 1) {
            return each.get(0);
        }
        return new NotFound(each.size() + " inlined copies start here");
    }

    /**
     * One outcome for every inlined copy of the place's function that starts at or holds one of {@code runStarts}
     * (the runs of the place's line in one copy of the code; two copies called on one line share their start), or a
     * single NotFound saying why there is no such copy.
     */
    List<Outcome> findEach(SourcePlace place, List<Long> runStarts, StructLayout layout, long offset,
                           PlaceKind kind) {
        Optional<List<Member>> path = layout.path(place.member());
        if (path.isEmpty()) {
            return List.of(new NotFound("struct " + place.struct() + " has no member " + place.member()));
        }
        if (path.get().get(path.get().size() - 1).isBitField()) {
            return List.of(new NotFound("the member is a bit-field"));
        }
        long width = path.get().get(path.get().size() - 1).byteSize();
        Optional<Die> sp = runStarts.isEmpty() ? Optional.empty() : binary.inlines().subprogramAt(runStarts.get(0));
        if (sp.isEmpty()) {
            return List.of(new NotFound("no DWARF subprogram holds the line"));
        }
        List<Die> scopes = new ArrayList<>();
        inlinedCopies(sp.get(), place, runStarts, scopes);
        if (scopes.isEmpty()) {
            return List.of(new NotFound("it is not in an inlined copy of "
                    + (place.function().isEmpty() ? "a function of " + place.file() : place.function())));
        }
        return scopes.stream().map(s -> search(s, place, offset, width, kind)).toList();
    }

    private Outcome search(Die scope, SourcePlace place, long offset, long width, PlaceKind kind) {
        long entry = entry(scope);
        List<PointerRegisters.Pointer> own = PointerRegisters.in(scope, place.struct());
        List<PointerRegisters.Pointer> caller = callerPointers(scope, place.struct());
        List<Instruction> found = new ArrayList<>();
        for (Instruction i : candidates(scope, entry).values()) {
            if (Resolver.touches(i, offset, false) && Resolver.fits(i, kind)
                    && i.memory().get().size().orElse(-1) == width
                    && holdsPointer(i.memory().get().base().get().number(), i.address(), entry, own, caller)) {
                found.add(i);
            }
        }
        if (found.size() == 1) {
            return new Found(found.get(0));
        }
        return new NotFound(found.isEmpty() ? "nor does an instruction of the caller's line through the pointer"
                : found.size() + " instructions of the caller's line access it through the pointer");
    }

    /** Whether DWARF says register {@code reg} holds the copy's pointer at {@code pc}. */
    private static boolean holdsPointer(int reg, long pc, long entry, List<PointerRegisters.Pointer> own,
                                        List<PointerRegisters.Pointer> caller) {
        for (PointerRegisters.Pointer p : own) {
            if (p.registerAt(pc, false).orElse(-1) == reg) {
                return true;
            }
            OptionalInt atEntry = p.registerAt(entry, true);
            if (atEntry.isEmpty()) {
                continue;
            }
            for (PointerRegisters.Pointer c : caller) {
                if (c.registerAt(entry, false).equals(atEntry) && c.registerAt(pc, false).orElse(-1) == reg) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The copy's own code, then the code of the call's line in the caller from the copy's entry on. */
    private Map<Long, Instruction> candidates(Die scope, long entry) {
        Map<Long, Instruction> out = new TreeMap<>();
        for (AddressRange r : scope.ranges()) {
            add(binary.instructions(r.start(), r.end()), out);
        }
        Optional<Die> frame = callerFrame(scope);
        OptionalLong file = scope.number(DwAt.CALL_FILE);
        OptionalLong line = scope.number(DwAt.CALL_LINE);
        if (frame.isEmpty() || file.isEmpty() || line.isEmpty()) {
            return out;
        }
        List<LineRow> table = rows(scope);
        for (int k = 0; k + 1 < table.size(); k++) {
            LineRow r = table.get(k);
            long end = table.get(k + 1).address();
            if (r.endSequence() || r.file() != file.getAsLong() || r.line() != line.getAsLong() || end <= entry
                    || end <= r.address()) {
                continue;
            }
            long start = Math.max(r.address(), entry);
            for (AddressRange f : frame.get().ranges()) {
                long from = Math.max(start, f.start());
                long to = Math.min(end, f.end());
                if (from < to) {
                    add(binary.instructions(from, to), out);
                }
            }
        }
        return out;
    }

    private static void add(List<Instruction> code, Map<Long, Instruction> into) {
        code.forEach(i -> into.put(i.address(), i));
    }

    /** The unit's line rows in address order (rows of one address keep their order: the last one governs). */
    private List<LineRow> rows(Die scope) {
        return rows.computeIfAbsent(scope.unit().offset(), k -> {
            List<LineRow> all = new ArrayList<>();
            scope.unit().lineTable().ifPresent(t -> t.forEachRow(all::add));
            all.sort(Comparator.comparingLong(LineRow::address));
            return all;
        });
    }

    private static List<PointerRegisters.Pointer> callerPointers(Die scope, String struct) {
        List<PointerRegisters.Pointer> out = new ArrayList<>();
        Optional<Die> at = scope.parent();
        while (at.isPresent()) {
            Die d = at.get();
            out.addAll(PointerRegisters.in(d, struct));
            if (d.tag() == DwTag.INLINED_SUBROUTINE || d.tag() == DwTag.SUBPROGRAM) {
                break;
            }
            at = d.parent();
        }
        return out;
    }

    private static Optional<Die> callerFrame(Die scope) {
        Optional<Die> at = scope.parent();
        while (at.isPresent() && at.get().tag() != DwTag.INLINED_SUBROUTINE && at.get().tag() != DwTag.SUBPROGRAM) {
            at = at.get().parent();
        }
        return at;
    }

    /**
     * The inlined copies under {@code d} of the place's function (by name, or, when the place names none, declared
     * in its file) that start at, or hold, one of the runs.
     */
    private static void inlinedCopies(Die d, SourcePlace place, List<Long> runStarts, List<Die> into) {
        for (Die c : d.children()) {
            if (c.tag() == DwTag.INLINED_SUBROUTINE && isOf(c, place) && runStarts.stream()
                    .anyMatch(a -> a == entry(c) || c.ranges().stream().anyMatch(r -> r.contains(a)))) {
                into.add(c);
            }
            if (c.hasChildren()) {
                inlinedCopies(c, place, runStarts, into);
            }
        }
    }

    private static boolean isOf(Die copy, SourcePlace place) {
        return place.function().isEmpty() ? InlinedCopies.declaredIn(copy, place.file())
                : place.function().equals(copy.effectiveName().orElse(null));
    }

    private static long entry(Die d) {
        OptionalLong pc = d.address(DwAt.ENTRY_PC);
        if (pc.isPresent()) {
            return pc.getAsLong();
        }
        return d.ranges().stream().map(AddressRange::start).min(Long::compareUnsigned).orElse(-1L);
    }
}
