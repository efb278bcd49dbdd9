package dev.klas.resolve.vars;

import dev.klas.resolve.dwarf.AddressRange;
import dev.klas.resolve.dwarf.Die;
import dev.klas.resolve.dwarf.LineRow;
import java.util.TreeSet;

/**
 * Where a function's prologue ends, by the line table (as gdb places a breakpoint on a function): the first row
 * marked {@code prologue_end}, else the second distinct address with a row in the function. Before it, a variable
 * whose one location is a stack slot has not been stored yet.
 */
public final class Prologue {
    private Prologue() {
    }

    /** The end of {@code subprogram}'s prologue; its low pc when the line table says nothing. */
    public static long end(Die subprogram) {
        if (subprogram.ranges().isEmpty()) {
            return 0;
        }
        AddressRange r = subprogram.ranges().get(0);
        TreeSet<Long> rows = new TreeSet<>(Long::compareUnsigned);
        long[] marked = {-1};
        subprogram.unit().lineTable().ifPresent(t -> t.forEachRow((LineRow row) -> {
            if (!row.endSequence() && r.contains(row.address())) {
                rows.add(row.address());
                if (row.prologueEnd() && (marked[0] == -1 || Long.compareUnsigned(row.address(), marked[0]) < 0)) {
                    marked[0] = row.address();
                }
            }
        }));
        if (marked[0] != -1) {
            return marked[0];
        }
        Long second = rows.higher(r.start());
        return second == null ? r.start() : second;
    }
}
