package dev.klas.cli.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The model of one source file's page: its lines, each shadow marked at its column, a line coloured by the hits of
 * its hooks (as genhtml colours covered lines), and the details of every join point on it.
 */
final class FilePage {
    private FilePage() {
    }

    /** {@code rows}: the join points in this file, each with its id in the report. */
    static Map<String, Object> model(String name, Optional<SourceText> text, Map<Integer, JoinPointRow> rows,
                                     HitsInput hits, List<String> roots) {
        TreeMap<Integer, List<Integer>> byLine = new TreeMap<>();
        rows.forEach((id, r) -> byLine.computeIfAbsent(r.line(), l -> new ArrayList<>()).add(id));
        List<String> lines = text.map(SourceText::lines).orElse(List.of());
        int last = Math.max(lines.size(), byLine.isEmpty() ? 0 : byLine.lastKey());
        List<Map<String, Object>> out = new ArrayList<>(last);
        for (int n = 1; n <= last; n++) {
            String line = n <= lines.size() ? lines.get(n - 1) : "";
            List<Integer> ids = byLine.getOrDefault(n, List.of());
            out.add(line(n, line, ids, rows, hits));
        }
        List<Map<String, Object>> details = new ArrayList<>();
        rows.forEach((id, r) -> details.add(Details.of(id, r, hits)));
        return Site.object("name", name, "found", text.isPresent(),
                "path", text.map(t -> t.path().toString()).orElse(""), "roots", String.join(", ", roots),
                "hitsSource", hits.source(), "lines", out, "details", details);
    }

    private static Map<String, Object> line(int n, String text, List<Integer> ids, Map<Integer, JoinPointRow> rows,
                                            HitsInput hits) {
        List<Map<String, Object>> parts = new ArrayList<>();
        List<Integer> sorted = new ArrayList<>(ids);
        sorted.sort(Comparator.comparingInt(id -> rows.get(id).column()));
        int at = 0;
        for (int id : sorted) {
            JoinPointRow r = rows.get(id);
            int col = Math.min(Math.max(r.column() - 1, at), text.length());
            if (col > at) {
                parts.add(Site.object("text", text.substring(at, col)));
                at = col;
            }
            parts.add(Site.object("marker", Site.object("id", id, "cls", Site.outcomeClass(r),
                    "title", r.category() + ": " + r.aspect() + " " + r.kind() + " " + r.what()
                            + (hits.present() && r.outcome().equals("hooked") ? ", " + hits.hitsText(r.hookKey())
                            + " hits" : ""))));
        }
        if (at < text.length()) {
            parts.add(Site.object("text", text.substring(at)));
        }
        Map<String, Long> hooked = new LinkedHashMap<>();
        boolean off = false;
        for (int id : ids) {
            JoinPointRow r = rows.get(id);
            if (r.outcome().equals("hooked")) {
                hooked.put(r.hookKey(), hits.byHook().getOrDefault(r.hookKey(), 0L));
            } else {
                off = true;
            }
        }
        long sum = hooked.values().stream().mapToLong(Long::longValue).sum();
        String cls = !hooked.isEmpty() ? (!hits.present() ? "hooked" : sum > 0 ? "hit" : "miss") : off ? "off" : "";
        return Site.object("n", n, "cls", cls, "hits", hooked.isEmpty() || !hits.present() ? "" : Long.toString(sum),
                "parts", parts);
    }
}
