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

/**
 * Resolves each aspect's source places in one binary and makes one hook per address: aspects meeting at an address
 * share the hook, in the order the aspects are given (that is the order their advice runs).
 */
public final class HookPlanner {
    /**
     * The hooks, and the places that found no code (with the resolver's reason). {@code joinPoints}: per hook
     * address, per aspect there, the join point it was resolved from (its kind, precision and instruction length
     * say where an after-advice can go).
     */
    public record Plan(List<Hook> hooks, List<String> unresolved, Map<Long, Map<String, JoinPoint>> joinPoints) {
        public Plan {
            hooks = List.copyOf(hooks);
            unresolved = List.copyOf(unresolved);
            joinPoints = Map.copyOf(joinPoints);
        }

        public Plan(List<Hook> hooks, List<String> unresolved) {
            this(hooks, unresolved, Map.of());
        }
    }

    private HookPlanner() {
    }

    /** {@code places}: per aspect name, in aspect order, the places its pointcut matched. */
    public static Plan plan(Binary binary, Map<String, List<SourcePlace>> places) {
        Resolver resolver = new Resolver(binary);
        HookFactory factory = new HookFactory(binary);
        Map<Long, JoinPoint> first = new LinkedHashMap<>();
        Map<Long, List<String>> aspects = new LinkedHashMap<>();
        List<String> unresolved = new ArrayList<>();
        Map<Long, Map<String, JoinPoint>> byAspect = new LinkedHashMap<>();
        for (Map.Entry<String, List<SourcePlace>> e : places.entrySet()) {
            for (SourcePlace p : e.getValue()) {
                Resolution r = resolver.resolve(p);
                r.problem().ifPresent(why -> unresolved.add(e.getKey() + ": " + p + ": " + why));
                for (JoinPoint jp : r.joinPoints()) {
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
        return new Plan(hooks, unresolved, byAspect);
    }
}
