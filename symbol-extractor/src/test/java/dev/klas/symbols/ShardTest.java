package dev.klas.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.symbols.config.ArgumentParser;
import dev.klas.symbols.config.CompileCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/** Shares of a unit list: a partition, the same whatever the list's order, balanced by weight. */
class ShardTest {
    private static final Path DIR = Path.of("/src");

    private static List<CompileCommand> units(int n) {
        var flags = ArgumentParser.parse(List.of("gcc"), DIR);
        List<CompileCommand> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new CompileCommand(DIR.resolve(String.format("f%03d.c", i)), DIR, flags));
        }
        return out;
    }

    /** Weights 1..n, skewed: a few big units like the kernel's. */
    private static long weight(CompileCommand c) {
        int i = Integer.parseInt(c.file().getFileName().toString().substring(1, 4));
        return 1000L + (i % 10 == 0 ? 50_000L * i : 7L * i);
    }

    @Test
    void everyUnitIsInExactlyOneShare() {
        List<CompileCommand> all = units(101);
        for (int n : new int[] {1, 3, 7, 200}) {
            Map<Path, Integer> seen = new HashMap<>();
            for (int i = 1; i <= n; i++) {
                for (CompileCommand c : new Shard(i, n).select(all, ShardTest::weight)) {
                    seen.merge(c.file(), 1, Integer::sum);
                }
            }
            assertEquals(all.size(), seen.size(), "N=" + n);
            assertTrue(seen.values().stream().allMatch(k -> k == 1), "N=" + n + ": " + seen);
        }
    }

    @Test
    void theListsOrderDoesNotChangeTheShares() {
        List<CompileCommand> all = units(60);
        List<CompileCommand> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(7));
        for (int i = 1; i <= 7; i++) {
            Shard s = new Shard(i, 7);
            assertEquals(s.select(all, ShardTest::weight).stream().map(CompileCommand::file).sorted().toList(),
                    s.select(shuffled, ShardTest::weight).stream().map(CompileCommand::file).sorted().toList());
        }
    }

    @Test
    void unitsOfEqualWeightAreDealtByPathWhateverTheOrder() {
        List<CompileCommand> all = units(20);
        List<CompileCommand> reversed = new ArrayList<>(all);
        Collections.reverse(reversed);
        for (int i = 1; i <= 3; i++) {
            Shard s = new Shard(i, 3);
            List<Path> byPath = s.select(all, c -> 100).stream().map(CompileCommand::file).toList();
            assertEquals(byPath, s.select(reversed, c -> 100).stream().map(CompileCommand::file).sorted().toList());
            // heaviest first, ties by path, to the lightest share (ties: the lowest): f000 to share 1, f001 to 2 ...
            assertEquals(all.get(i - 1).file(), byPath.get(0));
        }
    }

    @Test
    void sharesAreBalancedByWeight() {
        List<CompileCommand> all = units(101);
        long total = all.stream().mapToLong(ShardTest::weight).sum();
        long biggest = all.stream().mapToLong(ShardTest::weight).max().orElseThrow();
        for (int n : new int[] {3, 7}) {
            // Graham's bound for longest processing time first: at most 4/3 of the best possible largest share,
            // which is at least the mean and at least the biggest unit
            double bound = 4.0 / 3 * Math.max((double) total / n, biggest);
            for (int i = 1; i <= n; i++) {
                long load = new Shard(i, n).select(all, ShardTest::weight).stream()
                        .mapToLong(ShardTest::weight).sum();
                assertTrue(load <= bound, "N=" + n + " share " + i + ": " + load + " > " + bound);
            }
        }
    }

    @Test
    void oneBigUnitGetsAShareOfItsOwn() {
        // f000 weighs 10, f001..f010 weigh 1: longest first puts f000 alone, the ten small ones together
        List<CompileCommand> all = units(11);
        ToLongFunction<CompileCommand> w = c -> c.file().endsWith("f000.c") ? 10 : 1;
        assertEquals(List.of(all.get(0)), new Shard(1, 2).select(all, w));
        assertEquals(all.subList(1, 11), new Shard(2, 2).select(all, w));
    }

    @Test
    void moreSharesThanUnitsLeavesSomeEmpty() {
        List<CompileCommand> all = units(3);
        assertEquals(List.of(), new Shard(7, 7).select(all, ShardTest::weight));
        assertEquals(all, Shard.ALL.select(all, ShardTest::weight));
    }

    @Test
    void badTextIsRefusedWithTheRule() {
        assertEquals(new Shard(2, 7), Shard.parse("2/7"));
        for (String bad : new String[] {"0/3", "4/3", "1/0", "-1/3"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad));
            assertTrue(e.getMessage().contains("1 <= I <= N"), e.getMessage());
        }
        for (String bad : new String[] {"3", "a/3", "1/2/3", "", "1/"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad));
            assertTrue(e.getMessage().contains("I/N"), e.getMessage());
        }
    }
}
