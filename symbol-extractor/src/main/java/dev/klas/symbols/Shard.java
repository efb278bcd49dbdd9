package dev.klas.symbols;

import dev.klas.symbols.config.CompileCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Share {@code index} of {@code count} (1-based) of a list of translation units, for spreading one extraction over
 * machines. Units are weighed by their source file's size in bytes and dealt out greedily, heaviest first (longest
 * processing time first; ties broken by path), each to the share with the least weight so far (ties: the lowest
 * share). The assignment depends only on the list's files and their sizes, so every machine given the same list
 * computes the same shares, and every unit is in exactly one of them.
 */
public record Shard(int index, int count) {
    /** The whole list: no sharding. */
    public static final Shard ALL = new Shard(1, 1);

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("shard " + index + "/" + count
                    + " does not exist: I/N needs 1 <= I <= N");
        }
    }

    /** Parses {@code I/N}, e.g. {@code 2/7}. */
    public static Shard parse(String text) {
        String[] parts = text.trim().split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("'" + text + "' is not a shard: write I/N, e.g. 2/7");
        }
        try {
            return new Shard(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a shard: write I/N with whole numbers, "
                    + "e.g. 2/7");
        }
    }

    /** This share of {@code units}, weighed by source file size, in the list's order. */
    public List<CompileCommand> select(List<CompileCommand> units) {
        return select(units, Shard::sourceBytes);
    }

    /** This share of {@code units} under {@code weight}, in the list's order. */
    public List<CompileCommand> select(List<CompileCommand> units, ToLongFunction<CompileCommand> weight) {
        if (count == 1) {
            return List.copyOf(units);
        }
        int n = units.size();
        long[] weights = new long[n];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            weights[i] = weight.applyAsLong(units.get(i));
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingLong(i -> -weights[i])
                .thenComparing(i -> units.get(i).file().toString()));
        long[] load = new long[count];
        boolean[] mine = new boolean[n];
        for (int i : order) {
            int least = 0;
            for (int s = 1; s < count; s++) {
                if (load[s] < load[least]) {
                    least = s;
                }
            }
            load[least] += weights[i];
            mine[i] = least == index - 1;
        }
        List<CompileCommand> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (mine[i]) {
                out.add(units.get(i));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }

    private static long sourceBytes(CompileCommand unit) {
        try {
            return Files.size(unit.file());
        } catch (IOException e) {
            return 0;
        }
    }
}
