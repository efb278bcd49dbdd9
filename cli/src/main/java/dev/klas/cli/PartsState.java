package dev.klas.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of every segment computed from a table snapshot (docs/parts-format.md, "Computing the state"): a
 * segment is running in a thread when the thread's innermost interposed call is into it, calling when an outer one
 * is, unused when no thread has a frame into it.
 */
final class PartsState {
    record SegmentState(PartsTable.Segment segment, int running, int calling, int held) {
        String state() {
            if (running > 0 && calling > 0) {
                return "running+calling";
            }
            return running > 0 ? "running" : calling > 0 ? "calling" : "unused";
        }

        /** {@code unused}, {@code running (2 threads)}, {@code running (1 thread), calling (1 thread)}. */
        String text() {
            List<String> parts = new ArrayList<>();
            if (running > 0) {
                parts.add("running (" + threads(running) + ")");
            }
            if (calling > 0) {
                parts.add("calling (" + threads(calling) + ")");
            }
            return parts.isEmpty() ? "unused" : String.join(", ", parts);
        }

        private static String threads(int n) {
            return n + (n == 1 ? " thread" : " threads");
        }
    }

    /**
     * One thread's interposed calls, outermost first: {@code from -> symbol@to}; {@code held}: the call it is held
     * at a trampoline on its way into (a swap is running), or empty.
     */
    record Chain(int tid, List<String> calls, String held, boolean busy) {
    }

    private PartsState() {
    }

    static List<SegmentState> segments(PartsTable.Snapshot s) {
        Map<Integer, int[]> counts = new LinkedHashMap<>();
        for (PartsTable.Thread t : s.threads()) {
            int d = t.frames().size();
            java.util.Set<Integer> calling = new java.util.HashSet<>();
            for (int i = 0; i < d; i++) {
                int seg = to(s, t.frames().get(i).symbol());
                if (seg < 0) {
                    continue;
                }
                if (i == d - 1) {
                    counts.computeIfAbsent(seg, k -> new int[2])[0]++;
                } else {
                    calling.add(seg);
                }
            }
            calling.forEach(seg -> counts.computeIfAbsent(seg, k -> new int[2])[1]++);
        }
        List<SegmentState> out = new ArrayList<>();
        for (PartsTable.Segment seg : s.segments()) {
            int[] c = counts.getOrDefault(seg.index(), new int[2]);
            out.add(new SegmentState(seg, c[0], c[1], seg.held()));
        }
        return out;
    }

    static List<Chain> chains(PartsTable.Snapshot s) {
        List<Chain> out = new ArrayList<>();
        for (PartsTable.Thread t : s.threads()) {
            if (t.frames().isEmpty() && !t.busy() && t.held() == 0) {
                continue;
            }
            List<String> calls = new ArrayList<>();
            for (PartsTable.Frame f : t.frames()) {
                calls.add(call(s, f.symbol()));
            }
            out.add(new Chain(t.tid(), calls, t.held() == 0 ? "" : call(s, t.held() - 1), t.busy()));
        }
        return out;
    }

    /** {@code main -> greet@libgreet.so} for a symbol record. */
    static String call(PartsTable.Snapshot s, int symbol) {
        if (symbol < 0 || symbol >= s.symbols().size()) {
            return "?";
        }
        PartsTable.Symbol sym = s.symbols().get(symbol);
        return name(s, sym.from()) + " -> " + sym.name() + "@" + name(s, sym.to());
    }

    static String name(PartsTable.Snapshot s, int segment) {
        return segment >= 0 && segment < s.segments().size() ? s.segments().get(segment).name() : "?";
    }

    private static int to(PartsTable.Snapshot s, int symbol) {
        return symbol >= 0 && symbol < s.symbols().size() ? s.symbols().get(symbol).to() : -1;
    }
}
