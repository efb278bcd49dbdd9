package dev.klas.resolve.dwarf;

import dev.klas.resolve.elf.Cursor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.function.ObjIntConsumer;

/** Reads debugging information entries of one unit (DWARF5 7.5.2): abbreviation code, then attribute values. */
final class DieReader {
    private DieReader() {
    }

    private static Cursor cursor(Unit u) {
        Cursor c = DwarfFormatException.cursor(u.dwarf().sections().get(DwarfSections.INFO), DwarfSections.INFO);
        c.seek(u.dieStart());
        c.limitTo(u.end());
        return c;
    }

    static Die readRoot(Unit u) {
        Cursor c = cursor(u);
        Die d = readOne(u, c, u.abbrevs(), null);
        c.check();
        if (d == null) {
            throw new DwarfFormatException(DwarfSections.INFO, u.dieStart(), "unit has no root DIE");
        }
        return d;
    }

    static List<Die> readTree(Unit u) {
        return readFrom(u, u.dieStart());
    }

    /** The DIE at {@code offset} and its whole subtree, in section order (the first element is that DIE). */
    static List<Die> readFrom(Unit u, long offset) {
        Cursor c = cursor(u);
        c.seek(offset);
        Map<Long, Abbrev> abbrevs = u.abbrevs();
        List<Die> out = new ArrayList<>();
        Deque<Die> parents = new ArrayDeque<>();
        while (c.hasRemaining()) {
            Die d = readOne(u, c, abbrevs, parents.peek());
            if (d == null) {
                if (parents.isEmpty()) {
                    break;
                }
                parents.pop();
                if (parents.isEmpty()) {
                    break;
                }
                continue;
            }
            if (parents.peek() != null) {
                parents.peek().addChild(d);
            }
            out.add(d);
            if (d.hasChildren()) {
                parents.push(d);
            } else if (parents.isEmpty()) {
                break;
            }
        }
        c.check();
        if (out.isEmpty()) {
            throw new DwarfFormatException(DwarfSections.INFO, offset, "no DIE at this offset");
        }
        return out;
    }

    /** Receives the offset, tag and name of a DIE found by {@link #scanNames}. */
    interface NamedDie {
        void accept(long offset, int tag, String name);
    }

    /**
     * Walks every DIE of the unit without building them, decoding only the {@code DW_AT_name} of DIEs whose tag
     * passes {@code tags}: a cheap way to find the few DIEs worth reading in a large program.
     */
    static void scanNames(Unit u, java.util.function.IntPredicate tags, NamedDie sink) {
        Cursor c = cursor(u);
        Map<Long, Abbrev> abbrevs = u.abbrevs();
        int offsetSize = u.offsetSize();
        int addressSize = u.addressSize();
        int version = u.version();
        int[] sizes = u.fixedSizes();
        while (c.hasRemaining()) {
            long offset = c.position();
            long code = c.uleb();
            if (code == 0) {
                continue;
            }
            Abbrev a = abbrevs.get(code);
            if (a == null) {
                c.fail("abbreviation code " + code + " not in the table");
                break;
            }
            boolean wanted = tags.test(a.tag());
            int fixed = !wanted && code < sizes.length ? sizes[(int) code] : -1;
            if (fixed >= 0 && fixed <= c.remaining()) {
                c.skip(fixed);
                continue;
            }
            int[] names = a.names();
            int[] forms = a.forms();
            for (int i = 0; i < forms.length; i++) {
                if (wanted && names[i] == DwAt.NAME) {
                    Forms.Value v = Forms.read(c, forms[i], offsetSize, addressSize, version);
                    if (!c.failed()) {
                        Die.string(u, v).ifPresent(n -> sink.accept(offset, a.tag(), n));
                    }
                } else {
                    Forms.skip(c, forms[i], offsetSize, addressSize, version);
                }
            }
        }
        c.check();
    }

    /**
     * Walks the unit's DIEs in section order (the root and its subtree, as {@link #readTree} reads them) and builds
     * only those whose tag passes {@code tags}, each alone: its attributes, no children, no parent. The sink gets it
     * with its depth (the root's is 0). Nothing is kept, so scanning a large unit for a few DIEs costs no tree.
     */
    static void scan(Unit u, IntPredicate tags, ObjIntConsumer<Die> sink) {
        Cursor c = cursor(u);
        Map<Long, Abbrev> abbrevs = u.abbrevs();
        int[] sizes = u.fixedSizes();
        int depth = 0;
        while (c.hasRemaining()) {
            long offset = c.position();
            long code = c.uleb();
            if (c.failed()) {
                break;
            }
            if (code == 0) {
                depth--;
                if (depth <= 0) {
                    break;
                }
                continue;
            }
            Abbrev a = abbrevs.get(code);
            if (a == null) {
                c.fail("abbreviation code " + code + " not in the table");
                break;
            }
            if (tags.test(a.tag())) {
                Forms.Value[] values = values(u, c, a);
                if (c.failed()) {
                    break;
                }
                sink.accept(new Die(u, offset, a, values, null), depth);
            } else if (code < sizes.length && sizes[(int) code] >= 0 && sizes[(int) code] <= c.remaining()) {
                c.skip(sizes[(int) code]);
            } else {
                int[] forms = a.forms();
                for (int form : forms) {
                    Forms.skip(c, form, u.offsetSize(), u.addressSize(), u.version());
                }
            }
            if (a.hasChildren()) {
                depth++;
            } else if (depth == 0) {
                break;
            }
        }
        c.check();
    }

    /** One DIE, or null for a null entry (end of siblings). */
    private static Die readOne(Unit u, Cursor c, Map<Long, Abbrev> abbrevs, Die parent) {
        long offset = c.position();
        long code = c.uleb();
        if (code == 0 || c.failed()) {
            return null;
        }
        Abbrev a = abbrevs.get(code);
        if (a == null) {
            c.fail("abbreviation code " + code + " not in the table");
            return null;
        }
        Forms.Value[] values = values(u, c, a);
        return c.failed() ? null : new Die(u, offset, a, values, parent);
    }

    /** The attribute values of a DIE of abbreviation {@code a}, read from the cursor. */
    private static Forms.Value[] values(Unit u, Cursor c, Abbrev a) {
        Forms.Value[] values = new Forms.Value[a.forms().length];
        for (int i = 0; i < values.length; i++) {
            int form = a.forms()[i];
            values[i] = form == Forms.DW_FORM_IMPLICIT_CONST ? Forms.Value.of(form, a.implicitConsts()[i])
                    : Forms.read(c, form, u.offsetSize(), u.addressSize(), u.version());
        }
        return values;
    }
}
