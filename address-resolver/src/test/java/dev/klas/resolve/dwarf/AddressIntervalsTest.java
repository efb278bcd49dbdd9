package dev.klas.resolve.dwarf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The interval index against a scan with {@link AddressRange#contains}: the same ranges, in the same order, for
 * every bound, its neighbours and random addresses; ranges overlap, nest, are empty or inverted, and lie on both
 * sides of 2^63 (kernel addresses are negative as signed longs).
 */
class AddressIntervalsTest {
    @Test
    void findsWhatAScanFinds() {
        Random random = new Random(15);
        for (int round = 0; round < 200; round++) {
            int n = random.nextInt(40);
            long base = random.nextBoolean() ? 0xffffffff81000000L : 0x7ffffffffff00000L;
            long[] starts = new long[n];
            long[] ends = new long[n];
            List<Long> probes = new ArrayList<>(List.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, base));
            for (int i = 0; i < n; i++) {
                starts[i] = base + random.nextInt(1 << 20);
                ends[i] = random.nextInt(10) == 0 ? starts[i] - random.nextInt(3) : starts[i] + random.nextInt(1 << 16);
                for (long d = -1; d <= 1; d++) {
                    probes.add(starts[i] + d);
                    probes.add(ends[i] + d);
                }
            }
            for (int k = 0; k < 200; k++) {
                probes.add(base + random.nextInt(1 << 21));
            }
            AddressIntervals index = new AddressIntervals(starts, ends);
            for (long a : probes) {
                List<Integer> want = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (new AddressRange(starts[i], ends[i]).contains(a)) {
                        want.add(i);
                    }
                }
                assertArrayEquals(want.stream().mapToInt(Integer::intValue).toArray(), index.at(a),
                        "round " + round + " at 0x" + Long.toHexString(a));
            }
        }
    }
}
