package dev.klas.resolve.dwarf;

import java.util.List;

/**
 * Where a variable's value is (DWARF5 2.6): one expression valid wherever the variable is in scope, a location list
 * of expressions each valid over an address range, a constant ({@code DW_AT_const_value}), or nothing (optimized
 * out: the DIE has neither attribute).
 */
public sealed interface Location {
    /** A single location description ({@code exprloc} or DWARF 2/3 {@code block}). */
    record Single(byte[] expression) implements Location {
    }

    /** A location list: the expression of the entry whose range holds the pc. */
    record ListOf(List<Entry> entries) implements Location {
        public ListOf {
            entries = List.copyOf(entries);
        }
    }

    /** {@code DW_AT_const_value}: the value itself (a number, or the bytes of a block). */
    record Constant(long value, byte[] bytes) implements Location {
    }

    /** No location and no constant value. */
    record None() implements Location {
    }

    /** One entry of a location list: the expression valid over [start, end). */
    record Entry(long start, long end, byte[] expression) {
        public boolean contains(long pc) {
            return Long.compareUnsigned(pc, start) >= 0 && Long.compareUnsigned(pc, end) < 0;
        }
    }
}
