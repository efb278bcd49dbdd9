package dev.klas.advice;

import dev.klas.resolve.joinpoint.Binary;
import dev.klas.resolve.joinpoint.JoinPoint;
import dev.klas.resolve.joinpoint.Resolution;
import dev.klas.resolve.joinpoint.Resolver;
import dev.klas.resolve.joinpoint.SourcePlace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Resolves each aspect's source places in one binary and makes one hook per address: aspects meeting at an address
 * share the hook, in the order the aspects are given (that is the order their advice runs).
 */
public final class HookPlanner {
    /**
     * The hooks, and the places that found no code (with the resolver's reason). {@code joinPoints}: per hook
     * address, per aspect there, the join point it was resolved from (its kind, precision and instruction length
     * say where an after-advice can go). {@code kept} and {@code dropped}: per aspect with a filter, how many of its
     * resolved join points the filter kept and how many it dropped (every resolved join point is one of the two).
     * {@code misses}: the places behind {@code unresolved}, one per line of it, as data (klas report).
     */
    public record Plan(List<Hook> hooks, List<String> unresolved, Map<Long, Map<String, JoinPoint>> joinPoints,
                       Map<String, Integer> kept, Map<String, Integer> dropped, List<Miss> misses) {
        public Plan {
            hooks = List.copyOf(hooks);
            unresolved = List.copyOf(unresolved);
            misses = List.copyOf(misses);
            joinPoints = Map.copyOf(joinPoints);
            kept = Map.copyOf(kept);
            dropped = Map.copyOf(dropped);
        }

        public Plan(List<Hook> hooks, List<String> unresolved) {
            this(hooks, unresolved, Map.of(), Map.of(), Map.of(), List.of());
        }
    }

    /** A place of {@code aspect} that found no code in the binary, and the resolver's reason. */
    public record Miss(String aspect, SourcePlace place, String reason) {
    }

    private HookPlanner() {
    }

    /** {@code places}: per aspect name, in aspect order, the places its pointcut matched. */
    public static Plan plan(Binary binary, Map<String, List<SourcePlace>> places) {
        return plan(binary, places, Map.of());
    }

    /**
     * As {@link #plan(Binary, Map)}, keeping of an aspect named in {@code filters} only the join points its filter
     * accepts (runs-in rules, decided on the resolved address).
     */
    public static Plan plan(Binary binary, Map<String, List<SourcePlace>> places,
                            Map<String, Predicate<JoinPoint>> filters) {
        Map<String, Integer> kept = new LinkedHashMap<>();
        Map<String, Integer> dropped = new LinkedHashMap<>();
        // the line rows of the places' files alone are read, not every line table of the binary
        binary.expectLineLookups(places.values().stream().flatMap(List::stream).map(SourcePlace::file)
                .collect(Collectors.toSet()));
        Resolver resolver = new Resolver(binary);
        HookFactory factory = new HookFactory(binary);
        Map<Long, JoinPoint> first = new LinkedHashMap<>();
        Map<Long, List<String>> aspects = new LinkedHashMap<>();
        List<String> unresolved = new ArrayList<>();
        List<Miss> misses = new ArrayList<>();
        Map<Long, Map<String, JoinPoint>> byAspect = new LinkedHashMap<>();
        for (Map.Entry<String, List<SourcePlace>> e : places.entrySet()) {
            for (SourcePlace p : e.getValue()) {
                Resolution r = resolver.resolve(p);
                r.problem().ifPresent(why -> {
                    unresolved.add(e.getKey() + ": " + p + ": " + why);
                    misses.add(new Miss(e.getKey(), p, why));
                });
                Predicate<JoinPoint> filter = filters.get(e.getKey());
                for (JoinPoint jp : r.joinPoints()) {
                    if (filter != null) {
                        boolean keep = filter.test(jp);
                        (keep ? kept : dropped).merge(e.getKey(), 1, Integer::sum);
                        if (!keep) {
                            continue;
                        }
                    }
                    first.putIfAbsent(jp.address(), jp);
                    byAspect.computeIfAbsent(jp.address(), a -> new LinkedHashMap<>()).putIfAbsent(e.getKey(), jp);
                    List<String> names = aspects.computeIfAbsent(jp.address(), a -> new ArrayList<>());
                    if (!names.contains(e.getKey())) {
                        names.add(e.getKey());
                    }
                }
            }
        }
        List<Hook> hooks = new ArrayList<>();
        for (Map.Entry<Long, JoinPoint> e : first.entrySet()) {
            hooks.add(factory.hook(e.getValue(), aspects.get(e.getKey())));
        }
        return new Plan(hooks, unresolved, byAspect, kept, dropped, misses);
    }
}
