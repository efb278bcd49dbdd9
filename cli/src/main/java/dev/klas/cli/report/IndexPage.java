package dev.klas.cli.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The model of {@code index.html}: aspects with their pointcuts and counts, the reasons, files, join points. */
final class IndexPage {
    private IndexPage() {
    }

    static Map<String, Object> model(WeaveLog log, HitsInput hits, Map<String, String> pages,
                                     TreeMap<String, Map<Integer, JoinPointRow>> byFile) {
        List<Map<String, Object>> aspects = new ArrayList<>();
        for (WeaveLog.AspectInfo a : log.aspects()) {
            List<JoinPointRow> mine = log.rows().stream().filter(r -> r.aspect().equals(a.name())).toList();
            Outcomes o = Outcomes.of(mine);
            aspects.add(Site.object("name", a.name(), "pointcut", a.pointcut(), "position", a.position(),
                    "precise", o.precise(), "line", o.line(), "refused", o.refused(), "unresolved", o.unresolved(),
                    "hits", hits.present() ? Long.toString(hits.byAspect().getOrDefault(a.name(), 0L)) : ""));
        }
        Map<String, Long> reasons = new TreeMap<>();
        log.rows().stream().filter(r -> !r.outcome().equals("hooked"))
                .forEach(r -> reasons.merge(r.outcome() + "\u0000" + r.reason(), 1L, Long::sum));
        List<Map<String, Object>> why = new ArrayList<>();
        reasons.forEach((k, n) -> why.add(Site.object("outcome", k.substring(0, k.indexOf('\u0000')),
                "reason", k.substring(k.indexOf('\u0000') + 1), "count", n)));
        List<Map<String, Object>> files = new ArrayList<>();
        byFile.forEach((f, rows) -> {
            Outcomes o = Outcomes.of(List.copyOf(rows.values()));
            Map<String, Long> hooked = new LinkedHashMap<>();
            rows.values().stream().filter(r -> r.outcome().equals("hooked"))
                    .forEach(r -> hooked.put(r.hookKey(), hits.byHook().getOrDefault(r.hookKey(), 0L)));
            files.add(Site.object("name", f, "href", pages.get(f), "joinPoints", o.total(),
                    "hooked", o.precise() + o.line(), "hits", hits.present()
                            ? Long.toString(hooked.values().stream().mapToLong(Long::longValue).sum()) : ""));
        });
        List<Map<String, Object>> rows = new ArrayList<>(log.rows().size());
        byFile.forEach((f, m) -> m.forEach((id, r) -> rows.add(row(id, r, pages.get(f), hits))));
        rows.sort(java.util.Comparator.comparingInt(m -> (Integer) m.get("id")));
        return Site.object("binary", log.binary(), "target", log.target(), "originLabel", log.origin().label(),
                "origin", log.origin().path(),
                "hits", hits.present(), "hitsSource", hits.source(), "total", hits.total(),
                "counts", Site.counts(Outcomes.of(log.rows())), "joinPoints", log.rows().size(),
                "aspects", aspects, "reasons", why, "hasReasons", !why.isEmpty(), "files", files, "rows", rows);
    }

    private static Map<String, Object> row(int id, JoinPointRow r, String page, HitsInput hits) {
        return Site.object("id", id, "href", page + "#jp-" + id, "aspect", r.aspect(), "kind", r.kind(),
                "what", r.what(), "file", r.file(), "line", r.line(), "column", r.column(), "function", r.function(),
                "location", r.location(), "precision", r.precision(), "mechanism", r.mechanism(),
                "category", r.category(), "cls", Site.outcomeClass(r), "reason", r.reason(),
                "hits", r.outcome().equals("hooked") ? hits.hitsText(r.hookKey()) : "");
    }
}
