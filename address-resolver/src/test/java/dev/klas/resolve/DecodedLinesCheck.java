package dev.klas.resolve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * LineIndex lookups against readelf's rows ({@link DecodedLines}), for every line from 1 to the last line with
 * rows of each sampled file. A line with rows of positive length must be Found, each run starting at such a row and
 * every such row inside a run; a line with only zero-length rows must be Found with runs at exactly those rows; a line
 * without rows must be NoCode. Files are sampled by a hash of their base name, so that every spelling of one file
 * is kept.
 */
final class DecodedLinesCheck {
    /** How many lookups gave each answer, and the ones that differ from readelf. */
    record Tally(int found, int noCode, int ambiguous, List<String> problems) {
        @Override
        public String toString() {
            return found + " Found and " + noCode + " NoCode lookups compared (" + ambiguous + " ambiguous skipped)";
        }
    }

    private DecodedLinesCheck() {
    }

    static boolean sampled(String path) {
        String base = path.substring(path.lastIndexOf('/') + 1);
        return Math.floorMod(base.hashCode() * 31 + 7, 211) == 0;
    }

    static Tally compare(LineIndex index, DecodedLines oracle) {
        int found = 0;
        int noCode = 0;
        int ambiguous = 0;
        List<String> problems = new ArrayList<>();
        Map<String, Map<Integer, List<DecodedLines.Segment>>> byFull = new HashMap<>();
        for (String printed : oracle.paths()) {
            int last = oracle.lines(printed).keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
            for (int line = 1; line <= last + 2; line++) {
                LineLookup got = index.lookup(printed, line);
                String full = got instanceof LineLookup.Found f ? f.locations().get(0).file()
                        : got instanceof LineLookup.NoCode n ? n.file() : "";
                if (got instanceof LineLookup.Ambiguous) {
                    ambiguous++;
                    continue;
                }
                if (full.isEmpty()) {
                    problems.add(printed + ":" + line + ": " + got);
                    continue;
                }
                List<DecodedLines.Segment> rows = byFull.computeIfAbsent(full, k -> union(oracle, k))
                        .getOrDefault(line, List.of());
                String problem = problem(got, rows);
                if (!problem.isEmpty()) {
                    problems.add(full + ":" + line + ": " + problem);
                }
                if (got instanceof LineLookup.Found) {
                    found++;
                } else {
                    noCode++;
                }
            }
        }
        return new Tally(found, noCode, ambiguous, problems);
    }

    private static Map<Integer, List<DecodedLines.Segment>> union(DecodedLines oracle, String full) {
        Map<Integer, List<DecodedLines.Segment>> out = new HashMap<>();
        for (String printed : oracle.matching(full)) {
            oracle.lines(printed).forEach((line, rows) -> out.computeIfAbsent(line, k -> new ArrayList<>())
                    .addAll(rows));
        }
        return out;
    }

    private static String problem(LineLookup got, List<DecodedLines.Segment> rows) {
        if (rows.isEmpty()) {
            return got instanceof LineLookup.NoCode ? "" : "readelf has no row, klas answers " + got;
        }
        if (!(got instanceof LineLookup.Found f)) {
            return "readelf has " + rows.size() + " rows, klas answers " + got;
        }
        boolean anyCode = rows.stream().anyMatch(r -> !r.empty());
        List<Long> starts = rows.stream().filter(r -> r.empty() != anyCode).map(DecodedLines.Segment::address)
                .toList();
        for (LineLocation run : f.locations()) {
            if (!starts.contains(run.address())) {
                return "run " + run + " starts at no row of readelf's";
            }
        }
        for (long a : starts) {
            boolean covered = f.locations().stream().anyMatch(run -> run.address() == a
                    || run.address() <= a && a < run.endAddress());
            if (!covered) {
                return "readelf's row at 0x" + Long.toHexString(a) + " is in no run of " + f.locations();
            }
        }
        return "";
    }
}
