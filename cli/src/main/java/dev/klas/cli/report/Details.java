package dev.klas.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a marker opens: one join point's facts as label/value pairs. */
final class Details {
    private Details() {
    }

    static Map<String, Object> of(int id, JoinPointRow r, HitsInput hits) {
        List<Map<String, Object>> f = new ArrayList<>();
        add(f, "aspect", r.aspect());
        add(f, "pointcut", r.pointcut());
        add(f, "kind", r.kind());
        add(f, "struct.member", r.what());
        add(f, "source", r.file() + ":" + r.line() + (r.column() > 0 ? ":" + r.column() : "")
                + (r.function().isEmpty() ? "" : " in " + r.function()));
        add(f, "outcome", r.category());
        add(f, "address", r.address());
        add(f, "function+offset", r.location());
        add(f, "inline chain", String.join(" ← ", r.inline()));
        add(f, "precision", r.precision());
        add(f, "operand", r.operand());
        add(f, "mechanism", r.mechanism());
        add(f, r.outcome().equals("hooked") ? "note" : "reason", r.reason());
        if (r.outcome().equals("hooked") && hits.present()) {
            add(f, "hits", hits.hitsText(r.hookKey()));
        }
        return Site.object("id", id, "line", r.line(), "fields", f);
    }

    private static void add(List<Map<String, Object>> fields, String label, String value) {
        if (!value.isEmpty()) {
            fields.add(Site.object("label", label, "value", value, "key", label.replaceAll("[^a-z]+", "-")));
        }
    }
}
