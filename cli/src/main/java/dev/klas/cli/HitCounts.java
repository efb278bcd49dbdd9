package dev.klas.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Hit counts of one runtime at one moment (docs/ARCHITECTURE.md, "Hit counts"): per hook, and per aspect the sum of
 * the hooks that carry its advice. {@code target} names the runtime ({@code pid 1234}, {@code module klas_mbuf});
 * {@code finished} when the process has exited (the counts are final); {@code reset} when the counts are since a
 * {@code klas hits --reset}.
 */
record HitCounts(String kind, String name, boolean finished, boolean reset, List<Hook> hooks, List<Aspect> aspects) {

    /** One hook: where it sits, the aspects with advice on it, its source place and its hits. */
    record Hook(int index, String object, long address, String symbol, long offset, String where,
                List<String> aspects, long hits) {
    }

    /** One aspect: its hooks' hits summed; {@code runs} how often its advice ran (kernel: off while switched off). */
    record Aspect(String name, int hooks, long hits, OptionalLong runs) {
    }

    long total() {
        return hooks.stream().mapToLong(Hook::hits).sum();
    }

    Optional<Aspect> aspect(String name) {
        return aspects.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** Per-aspect sums of {@code hooks}, aspects in the order they first appear; {@code runs} by aspect name. */
    static List<Aspect> aspectsOf(List<Hook> hooks, Map<String, Long> runs) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        for (Hook h : hooks) {
            for (String a : h.aspects().stream().distinct().toList()) {
                long[] s = sums.computeIfAbsent(a, k -> new long[2]);
                s[0]++;
                s[1] += h.hits();
            }
        }
        List<Aspect> out = new ArrayList<>();
        runs.keySet().forEach(a -> sums.computeIfAbsent(a, k -> new long[2]));
        sums.forEach((a, s) -> out.add(new Aspect(a, (int) s[0], s[1],
                runs.containsKey(a) ? OptionalLong.of(runs.get(a)) : OptionalLong.empty())));
        return out;
    }

    /** The JSON form of {@code klas hits --format json} and {@code klas run --hits FILE}. */
    Map<String, Object> json() {
        return Json.object("version", 1, kind, kind.equals("pid") ? (Object) Integer.parseInt(name) : name,
                "finished", finished, "reset", reset, "total", total(),
                "aspects", aspects.stream().map(a -> {
                    Map<String, Object> m = Json.object("name", a.name(), "hooks", a.hooks(), "hits", a.hits());
                    a.runs().ifPresent(r -> m.put("runs", r));
                    return m;
                }).toList(),
                "hooks", hooks.stream().map(h -> Json.object("index", h.index(), "object", h.object(),
                        "address", "0x" + Long.toHexString(h.address()), "symbol", h.symbol(), "offset", h.offset(),
                        "where", h.where(), "aspects", h.aspects(), "hits", h.hits())).toList());
    }

    /** The text form: one line per aspect, then one per hook. */
    List<String> text() {
        List<String> out = new ArrayList<>();
        out.add(kind + " " + name + (finished ? " (exited)" : "") + (reset ? ", counts since the last reset" : "")
                + ": " + total() + " hits in " + hooks.size() + " hooks");
        int width = Math.max(6, aspects.stream().mapToInt(a -> a.name().length()).max().orElse(0));
        out.add(String.format("%-" + width + "s  %5s  %12s%s", "ASPECT", "HOOKS", "HITS",
                aspects.stream().anyMatch(a -> a.runs().isPresent()) ? "  " + String.format("%12s", "RUNS") : ""));
        for (Aspect a : aspects) {
            out.add(String.format("%-" + width + "s  %5d  %12d%s", a.name(), a.hooks(), a.hits(),
                    a.runs().isPresent() ? String.format("  %12d", a.runs().getAsLong()) : ""));
        }
        out.add("");
        out.add(String.format("%5s  %12s  %-40s  %s", "HOOK", "HITS", "AT", "SOURCE (ASPECTS)"));
        for (Hook h : hooks) {
            String at = (h.object().equals("main") || h.object().isEmpty() ? "" : h.object() + ":") + h.symbol()
                    + "+0x" + Long.toHexString(h.offset());
            out.add(String.format("%5d  %12d  %-40s  %s (%s)", h.index(), h.hits(), at, h.where(),
                    String.join(", ", h.aspects())));
        }
        return out;
    }
}
