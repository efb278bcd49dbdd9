package dev.klas.symbols.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** "Did you mean": the names closest to a misspelt one by Damerau-Levenshtein distance (optimal string alignment). */
public final class Suggestions {
    /** At most this many names are suggested. */
    static final int LIMIT = 3;

    private Suggestions() {
    }

    /**
     * Up to {@link #LIMIT} names within {@link #threshold} edits of {@code word}, closest first, then in String order;
     * names equal to {@code word} are left out.
     */
    public static List<String> closest(String word, Collection<String> names) {
        return closest(word, names, LIMIT);
    }

    static List<String> closest(String word, Collection<String> names, int limit) {
        int max = threshold(word);
        record Near(String name, int distance) {
        }
        List<Near> near = new ArrayList<>();
        for (String name : names) {
            if (!name.equals(word) && Math.abs(name.length() - word.length()) <= max) {
                int d = distance(word, name);
                if (d <= max) {
                    near.add(new Near(name, d));
                }
            }
        }
        return near.stream().sorted(Comparator.comparingInt(Near::distance).thenComparing(Near::name)).distinct()
                .limit(limit).map(Near::name).toList();
    }

    /** One edit for names of up to 3 characters, two up to 8, three beyond. */
    static int threshold(String word) {
        return word.length() <= 3 ? 1 : word.length() <= 8 ? 2 : 3;
    }

    /** Insertions, deletions, substitutions and transpositions of adjacent characters, each counting one. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }

    /** {@code " (did you mean a, b or c?)"}, or empty when there is nothing to suggest. */
    public static String phrase(List<String> names) {
        if (names.isEmpty()) {
            return "";
        }
        String last = names.get(names.size() - 1);
        String head = String.join(", ", names.subList(0, names.size() - 1));
        return " (did you mean " + (head.isEmpty() ? last : head + " or " + last) + "?)";
    }
}
