package dev.klas.resolve.joinpoint;

import dev.klas.resolve.dwarf.Die;
import dev.klas.resolve.dwarf.DwAt;
import dev.klas.resolve.dwarf.DwOp;
import dev.klas.resolve.dwarf.DwTag;
import dev.klas.resolve.dwarf.Expression;
import dev.klas.resolve.dwarf.Location;
import dev.klas.resolve.dwarf.LocationLists;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The variables of one scope that point to a struct, and the general-purpose register each is in at an address, by
 * its DWARF location (DWARF5 2.6): a location that is exactly {@code DW_OP_regN} or {@code DW_OP_regx N}. Anything
 * else (memory, a computed value, an entry value, pieces) says nothing about a register.
 */
final class PointerRegisters {
    /** DWARF register numbers of rax..rsp (System V psABI, Figure 3.36) as the ModRM numbers the decoder uses. */
    private static final int[] MODRM = {0, 2, 1, 3, 6, 7, 5, 4, 8, 9, 10, 11, 12, 13, 14, 15};

    /** A variable or parameter of pointer-to-struct type and the scope it lives in (its location's lifetime). */
    record Pointer(Die die, Die scope) {
        /**
         * The ModRM number of the register holding the pointer at {@code pc}. {@code atEntry} also accepts a
         * location-list entry that is empty and starts at pc, which is how gcc describes an inlined parameter whose
         * copy kept no code of its own.
         */
        OptionalInt registerAt(long pc, boolean atEntry) {
            Location l = LocationLists.of(die);
            if (l instanceof Location.Single s) {
                return inScope(pc, atEntry) ? register(s.expression()) : OptionalInt.empty();
            }
            if (l instanceof Location.ListOf list) {
                for (Location.Entry e : list.entries()) {
                    if (e.contains(pc) || (atEntry && e.start() == pc && e.end() == pc)) {
                        return register(e.expression());
                    }
                }
            }
            return OptionalInt.empty();
        }

        private boolean inScope(long pc, boolean atEntry) {
            return atEntry || scope.ranges().stream().anyMatch(r -> r.contains(pc));
        }

        String name() {
            return die.effectiveName().orElse("?");
        }
    }

    private PointerRegisters() {
    }

    /** The parameters and variables declared directly in {@code scope} whose type points to struct {@code tag}. */
    static List<Pointer> in(Die scope, String tag) {
        List<Pointer> out = new ArrayList<>();
        for (Die c : scope.children()) {
            if ((c.tag() == DwTag.FORMAL_PARAMETER || c.tag() == DwTag.VARIABLE) && pointsTo(c, tag)) {
                out.add(new Pointer(c, scope));
            }
        }
        return out;
    }

    private static boolean pointsTo(Die variable, String tag) {
        Optional<Die> t = type(variable).map(PointerRegisters::unqualified);
        if (t.isEmpty() || t.get().tag() != DwTag.POINTER_TYPE) {
            return false;
        }
        return t.get().reference(DwAt.TYPE).map(PointerRegisters::unqualified)
                .filter(s -> s.tag() == DwTag.STRUCTURE_TYPE || s.tag() == DwTag.UNION_TYPE)
                .flatMap(Die::name).filter(tag::equals).isPresent();
    }

    private static Die unqualified(Die type) {
        Die t = type;
        for (int hops = 0; hops < 16; hops++) {
            int tag = t.tag();
            if (tag != DwTag.TYPEDEF && tag != DwTag.CONST_TYPE && tag != DwTag.VOLATILE_TYPE
                    && tag != DwTag.RESTRICT_TYPE) {
                return t;
            }
            Optional<Die> next = t.reference(DwAt.TYPE);
            if (next.isEmpty()) {
                return t;
            }
            t = next.get();
        }
        return t;
    }

    private static Optional<Die> type(Die d) {
        Die at = d;
        for (int hops = 0; hops < 8; hops++) {
            if (at.has(DwAt.TYPE)) {
                return at.reference(DwAt.TYPE);
            }
            Optional<Die> next = at.reference(DwAt.ABSTRACT_ORIGIN);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            at = next.get();
        }
        return Optional.empty();
    }

    private static OptionalInt register(byte[] expression) {
        List<Expression.Op> ops = Expression.decode(expression, 8);
        if (ops.size() != 1) {
            return OptionalInt.empty();
        }
        Expression.Op op = ops.get(0);
        long n = op.code() == DwOp.REGX ? op.a() : op.code() - DwOp.REG0;
        if ((op.code() != DwOp.REGX && (op.code() < DwOp.REG0 || op.code() > DwOp.REG0 + 31)) || n < 0
                || n >= MODRM.length) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(MODRM[(int) n]);
    }
}
