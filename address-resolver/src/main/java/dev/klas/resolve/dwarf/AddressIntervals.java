package dev.klas.resolve.dwarf;

import java.util.Arrays;

/**
 * Which of a list of half-open address ranges contain an address, found by binary search instead of a scan. The
 * bounds of all ranges cut the address space into elementary intervals; each interval knows the ranges covering it,
 * in list order. Addresses compare unsigned, as {@link AddressRange#contains} does; a range whose end is not above
 * its start contains nothing. Built for ranges that seldom overlap (units, functions): a range spanning k intervals
 * costs k entries.
 */
public final class AddressIntervals {
    private static final int[] NONE = new int[0];
    private final long[] points;
    private final int[][] covering;

    /** Range {@code i} is [{@code starts[i]}, {@code ends[i]}). */
    public AddressIntervals(long[] starts, long[] ends) {
        if (starts.length != ends.length) {
            throw new IllegalArgumentException(starts.length + " starts, " + ends.length + " ends");
        }
        long[] bounds = new long[2 * starts.length];
        int n = 0;
        for (int i = 0; i < starts.length; i++) {
            if (Long.compareUnsigned(starts[i], ends[i]) < 0) {
                bounds[n++] = biased(starts[i]);
                bounds[n++] = biased(ends[i]);
            }
        }
        Arrays.sort(bounds, 0, n);
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (m == 0 || bounds[i] != bounds[m - 1]) {
                bounds[m++] = bounds[i];
            }
        }
        points = Arrays.copyOf(bounds, m);
        int[] count = new int[Math.max(m - 1, 0)];
        for (int i = 0; i < starts.length; i++) {
            if (Long.compareUnsigned(starts[i], ends[i]) < 0) {
                for (int k = slot(starts[i]); k < slot(ends[i]); k++) {
                    count[k]++;
                }
            }
        }
        covering = new int[count.length][];
        for (int k = 0; k < count.length; k++) {
            covering[k] = count[k] == 0 ? NONE : new int[count[k]];
            count[k] = 0;
        }
        for (int i = 0; i < starts.length; i++) {
            if (Long.compareUnsigned(starts[i], ends[i]) < 0) {
                for (int k = slot(starts[i]); k < slot(ends[i]); k++) {
                    covering[k][count[k]++] = i;
                }
            }
        }
    }

    /** The indices of the ranges containing {@code address}, in increasing order; do not modify the array. */
    public int[] at(long address) {
        int k = Arrays.binarySearch(points, biased(address));
        if (k < 0) {
            k = -k - 2;
        }
        return k < 0 || k >= covering.length ? NONE : covering[k];
    }

    /** The index of the point equal to a bound of a range. */
    private int slot(long bound) {
        return Arrays.binarySearch(points, biased(bound));
    }

    /** Unsigned order as signed order. */
    private static long biased(long address) {
        return address ^ Long.MIN_VALUE;
    }
}
