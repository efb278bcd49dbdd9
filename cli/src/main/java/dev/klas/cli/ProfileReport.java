package dev.klas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The runtime's {@code profile} answer (docs/parts-format.md) printed like gprof: a flat profile of the interposed
 * functions, then a call graph that splits each function's calls by caller segment; or collapsed stacks
 * ({@code CALLER;function@callee VALUE}, one line per caller segment) for flame-graph tools.
 */
final class ProfileReport {
    record Caller(String from, long calls, long totalNs, long selfNs) {
    }

    record Entry(String symbol, String to, long calls, long returns, long totalNs, long selfNs, List<Caller> callers) {
        String name() {
            return symbol + "@" + to;
        }
    }

    private ProfileReport() {
    }

    static List<Entry> entries(JsonNode profile) {
        List<Entry> out = new ArrayList<>();
        for (JsonNode s : profile.path("symbols")) {
            List<Caller> callers = new ArrayList<>();
            for (JsonNode c : s.path("callers")) {
                callers.add(new Caller(c.path("from").asText(), c.path("calls").asLong(), c.path("total_ns").asLong(),
                        c.path("self_ns").asLong()));
            }
            callers.sort(Comparator.comparingLong(Caller::calls).reversed().thenComparing(Caller::from));
            out.add(new Entry(s.path("symbol").asText(), s.path("to").asText(), s.path("calls").asLong(),
                    s.path("returns").asLong(), s.path("total_ns").asLong(), s.path("self_ns").asLong(), callers));
        }
        out.sort(Comparator.comparingLong(Entry::selfNs).reversed().thenComparing(Comparator.comparingLong(
                Entry::calls).reversed()).thenComparing(Entry::name));
        return out;
    }

    static void text(JsonNode profile, String source, PrintWriter out) {
        List<Entry> entries = entries(profile);
        long selfSum = entries.stream().mapToLong(Entry::selfNs).sum();
        out.println("Flat profile of " + source + ":");
        out.println();
        out.println("  %   cumulative   self              self     total");
        out.println(" time   seconds   seconds    calls  ns/call  ns/call  name");
        double cumulative = 0;
        for (Entry e : entries) {
            cumulative += e.selfNs() / 1e9;
            out.println(String.format("%6.2f %10.4f %9.4f %8d %8.1f %8.1f  %s",
                    selfSum == 0 ? 0.0 : 100.0 * e.selfNs() / selfSum, cumulative, e.selfNs() / 1e9, e.calls(),
                    perCall(e.selfNs(), e.calls()), perCall(e.totalNs(), e.calls()), e.name()));
        }
        out.println();
        out.println("Call graph (callers by segment):");
        out.println();
        out.println(String.format("%10s %14s %14s  %s", "calls", "self ns", "total ns", "function / caller segment"));
        for (Entry e : entries) {
            out.println(String.format("%10d %14d %14d  %s", e.calls(), e.selfNs(), e.totalNs(), e.name()));
            for (Caller c : e.callers()) {
                out.println(String.format("%10d %14d %14d      %s", c.calls(), c.selfNs(), c.totalNs(), c.from()));
            }
            if (e.returns() != e.calls()) {
                out.println(String.format("%10s %14s %14s      (%d returns: %d calls in flight or left by longjmp)",
                        "", "", "", e.returns(), e.calls() - e.returns()));
            }
        }
    }

    /** {@code caller;function@callee value}: value is self nanoseconds, or calls when {@code calls}. */
    static void collapsed(JsonNode profile, boolean calls, PrintWriter out) {
        for (Entry e : entries(profile)) {
            for (Caller c : e.callers()) {
                long v = calls ? c.calls() : c.selfNs();
                if (v > 0) {
                    out.println(c.from() + ";" + e.name() + " " + v);
                }
            }
        }
    }

    private static double perCall(long ns, long calls) {
        return calls == 0 ? 0.0 : (double) ns / calls;
    }
}
