package dev.klas.weaver;

import dev.klas.resolve.joinpoint.Binary;
import dev.klas.resolve.joinpoint.CodeOwner;
import dev.klas.resolve.joinpoint.JoinPoint;
import dev.klas.schema.Aspect;
import dev.klas.schema.Pointcut;
import dev.klas.schema.PointcutPrinter;
import dev.klas.schema.Pointcuts;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A pointcut's runs-in rule ({@code runsin(f)}, {@code runsinfile("glob")}, see {@link Pointcuts#runsIn}) over one
 * binary: whether a resolved join point's hook lands where the rule allows, decided on the function whose machine
 * code holds its address ({@link Binary#ownerAt}).
 */
final class RunsInRule implements Predicate<JoinPoint> {
    private final Pointcut rule;
    private final Binary binary;
    private final Map<Long, CodeOwner> owners = new HashMap<>();

    private RunsInRule(Pointcut rule, Binary binary) {
        this.rule = rule;
        this.binary = binary;
    }

    /** The rule of {@code pointcut}, if it has runs-in terms. */
    static Optional<RunsInRule> of(Pointcut pointcut, Binary binary) {
        return Pointcuts.runsIn(pointcut).map(r -> new RunsInRule(r, binary));
    }

    /** Per aspect with runs-in terms, its rule; the filters {@code HookPlanner.plan} takes. */
    static Map<String, Predicate<JoinPoint>> of(List<Aspect> aspects, Binary binary) {
        Map<String, Predicate<JoinPoint>> out = new LinkedHashMap<>();
        for (Aspect a : aspects) {
            of(a.pointcut(), binary).ifPresent(r -> out.put(a.name(), r));
        }
        return out;
    }

    @Override
    public boolean test(JoinPoint jp) {
        CodeOwner owner = owners.computeIfAbsent(jp.address(), binary::ownerAt);
        return Pointcuts.holds(rule, term -> holds(term, owner));
    }

    static boolean holds(Pointcut.RunsInTerm term, CodeOwner owner) {
        if (term instanceof Pointcut.RunsIn r) {
            return owner.names().stream().anyMatch(r.function()::matches);
        }
        Pointcut.RunsInFile f = (Pointcut.RunsInFile) term;
        return owner.unit().map(f.file()::matches).orElse(false);
    }

    /**
     * One line per aspect whose runs-in rule dropped join points, at the aspect's position, from the counts
     * {@code HookPlanner.plan} kept.
     */
    static List<String> accounts(List<Aspect> aspects, Map<String, Integer> kept, Map<String, Integer> dropped) {
        List<String> out = new java.util.ArrayList<>();
        for (Aspect a : aspects) {
            int d = dropped.getOrDefault(a.name(), 0);
            Optional<Pointcut> rule = Pointcuts.runsIn(a.pointcut());
            if (d > 0 && rule.isPresent()) {
                out.add(a.position() + ": aspect " + a.name() + ": " + outside(PointcutPrinter.print(rule.get()), d,
                        kept.getOrDefault(a.name(), 0)));
            }
        }
        return out;
    }

    /** The rule as written, {@code runsin(tcp_ack) && !runsinfile("net/**")}. */
    String text() {
        return PointcutPrinter.print(rule);
    }

    /**
     * The line that accounts for an aspect's dropped join points: {@code 12 join points outside runsin(tcp_ack)
     * (3 kept)}, or, when none is kept, that the aspect hooks nothing.
     */
    static String outside(String rule, int dropped, int kept) {
        return dropped + (dropped == 1 ? " join point" : " join points") + " outside " + rule
                + (kept == 0 ? ", none inside it" : " (" + kept + " kept)");
    }
}
