package dev.klas.cli;

import dev.klas.schema.Pointcut;
import dev.klas.symbols.Shadow;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code klas query --explain}: each shadow followed by the parts of the pointcut that hold for it. */
final class Explained {
    private Explained() {
    }

    static void print(Pointcut p, List<Shadow> shadows, boolean json, PrintWriter out) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Shadow s : shadows) {
            List<String> why = Explain.why(p, s).orElseThrow(() -> new IllegalStateException(
                    "the query returned " + Query.text(s) + " but the pointcut does not hold for it"));
            if (json) {
                Map<String, Object> row = Query.json(s);
                row.put("why", why);
                rows.add(row);
            } else {
                out.println(Query.text(s));
                why.forEach(w -> out.println("    " + w));
            }
        }
        if (json) {
            out.println(Json.write(rows));
        }
    }
}
