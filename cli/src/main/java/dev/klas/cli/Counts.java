package dev.klas.cli;

import dev.klas.symbols.Shadow;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code klas query --count}: matched shadows counted per struct.member (or callee/function) or per file. */
final class Counts {
    private Counts() {
    }

    static void print(List<Shadow> shadows, Query.CountBy by, boolean json, PrintWriter out) {
        Map<String, Long> counts = new TreeMap<>();
        for (Shadow s : shadows) {
            String key = by == Query.CountBy.file ? s.file()
                    : s.struct().isEmpty() ? s.member() : s.struct() + "." + s.member();
            counts.merge(key, 1L, Long::sum);
        }
        List<Map.Entry<String, Long>> rows = new ArrayList<>(counts.entrySet());
        rows.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        if (json) {
            out.println(Json.write(Json.object("by", by.name(), "total", shadows.size(), "counts",
                    rows.stream().map(e -> Json.object(by.name(), e.getKey(), "count", e.getValue())).toList())));
            return;
        }
        rows.forEach(e -> out.println(e.getValue() + "\t" + e.getKey()));
        out.println(shadows.size() + "\ttotal");
    }
}
