package dev.klas.cli;

import java.io.PrintWriter;
import java.util.Map;

/** {@code klas inspect --pid}'s part: the bindings the parts runtime interposed in the object's GOT. */
final class PartsOutput {
    private PartsOutput() {
    }

    static void text(PrintWriter out, PartsBindings p) {
        out.printf("parts runtime  pid %d, segment %s: %d bindings interposed, %d GOT slots%n", p.pid(), p.segment(),
                p.bindings().size(), p.slots());
        for (PartsBindings.Binding b : p.bindings()) {
            out.printf("  %-28s -> %-20s %d slot%s%s%n", b.symbol(), b.to(), b.slots(), b.slots() == 1 ? "" : "s",
                    b.active() ? "" : " (inactive)");
        }
    }

    static Map<String, Object> json(PartsBindings p) {
        return Json.object("pid", p.pid(), "segment", p.segment(), "slots", p.slots(),
                "bindings", p.bindings().stream().map(b -> Json.object("symbol", b.symbol(), "to", b.to(),
                        "slots", b.slots(), "active", b.active())).toList());
    }
}
