package dev.klas.schema;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The normal form of pointcuts and facts about them.
 *
 * <p>Normal form: {@code And} and {@code Or} are flat (no {@code And} directly inside an {@code And}, likewise
 * {@code Or}), keep their parts in the order written and without repeats, and have two or more parts; a double
 * negation is removed. Normalizing is idempotent, and the printer/parser round trip is the identity on normal forms.
 */
public final class Pointcuts {
    private Pointcuts() {
    }

    public static Pointcut and(List<Pointcut> parts) {
        return join(parts, Pointcut.And.class, Pointcut.And::new, Pointcut.And::parts);
    }

    public static Pointcut or(List<Pointcut> parts) {
        return join(parts, Pointcut.Or.class, Pointcut.Or::new, Pointcut.Or::parts);
    }

    public static Pointcut not(Pointcut part) {
        Pointcut p = normalize(part);
        return p instanceof Pointcut.Not n ? n.part() : new Pointcut.Not(p);
    }

    public static Pointcut normalize(Pointcut p) {
        if (p instanceof Pointcut.And a) {
            return and(a.parts());
        }
        if (p instanceof Pointcut.Or o) {
            return or(o.parts());
        }
        if (p instanceof Pointcut.Not n) {
            return not(n.part());
        }
        return p;
    }

    /**
     * True when every alternative of the pointcut is anchored by a selector that is not negated; a pointcut
     * made only of restrictions or negations would select everything else in the program.
     */
    public static boolean hasSelector(Pointcut p) {
        if (p instanceof Pointcut.Selector) {
            return true;
        }
        if (p instanceof Pointcut.And a) {
            return a.parts().stream().anyMatch(Pointcuts::hasSelector);
        }
        if (p instanceof Pointcut.Or o) {
            return o.parts().stream().allMatch(Pointcuts::hasSelector);
        }
        return false;
    }

    /** True when the pointcut has a {@code segment-call} anywhere. */
    public static boolean containsSegmentCall(Pointcut p) {
        return selectors(p).stream().anyMatch(s -> s instanceof Pointcut.SegmentCall);
    }

    /**
     * True when the pointcut is one {@code segment-call} or several joined with {@code ||}: the only form in which
     * segment calls may appear, since they are matched at run time between load segments and have no source place
     * that {@code &&}, {@code !}, {@code within} or a source selector could narrow.
     */
    public static boolean isSegmentCalls(Pointcut p) {
        if (p instanceof Pointcut.SegmentCall) {
            return true;
        }
        return p instanceof Pointcut.Or o && o.parts().stream().allMatch(q -> q instanceof Pointcut.SegmentCall);
    }

    /** The segment calls of a pointcut for which {@link #isSegmentCalls} holds, in the order written. */
    public static List<Pointcut.SegmentCall> segmentCalls(Pointcut p) {
        return selectors(p).stream().filter(s -> s instanceof Pointcut.SegmentCall)
                .map(s -> (Pointcut.SegmentCall) s).toList();
    }

    /** True when the pointcut has a {@code runsin(...)} or {@code runsinfile(...)} anywhere. */
    public static boolean containsRunsIn(Pointcut p) {
        if (p instanceof Pointcut.RunsInTerm) {
            return true;
        }
        return parts(p).stream().anyMatch(Pointcuts::containsRunsIn);
    }

    /**
     * True when the pointcut is made only of runs-in terms joined with {@code &&}, {@code ||} and {@code !}: a rule
     * on where a hook lands in the machine code, which only the resolved address can decide.
     */
    public static boolean isRunsIn(Pointcut p) {
        if (p instanceof Pointcut.RunsInTerm) {
            return true;
        }
        List<Pointcut> parts = parts(p);
        return !parts.isEmpty() && parts.stream().allMatch(Pointcuts::isRunsIn);
    }

    /**
     * The pointcut less its runs-in conjuncts (the top-level {@code &&} parts for which {@link #isRunsIn} holds):
     * what the symbol table matches. The parser and the aspect reader admit runs-in terms nowhere else, and never
     * a pointcut made only of them.
     */
    public static Pointcut source(Pointcut p) {
        List<Pointcut> rest = conjuncts(p).stream().filter(q -> !isRunsIn(q)).toList();
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("a pointcut made only of runs-in terms selects nothing: " + p);
        }
        return and(rest);
    }

    /**
     * The runs-in conjuncts of the pointcut, and-ed: the rule each resolved join point's address must meet; empty
     * when the pointcut has none.
     */
    public static Optional<Pointcut> runsIn(Pointcut p) {
        List<Pointcut> rule = conjuncts(p).stream().filter(Pointcuts::isRunsIn).toList();
        return rule.isEmpty() ? Optional.empty() : Optional.of(and(rule));
    }

    /** Whether a runs-in rule ({@link #isRunsIn}) holds, each {@code runsin}/{@code runsinfile} answered by {@code term}. */
    public static boolean holds(Pointcut rule, Predicate<Pointcut.RunsInTerm> term) {
        if (rule instanceof Pointcut.RunsInTerm t) {
            return term.test(t);
        }
        if (rule instanceof Pointcut.And a) {
            return a.parts().stream().allMatch(q -> holds(q, term));
        }
        if (rule instanceof Pointcut.Or o) {
            return o.parts().stream().anyMatch(q -> holds(q, term));
        }
        if (rule instanceof Pointcut.Not n) {
            return !holds(n.part(), term);
        }
        throw new IllegalArgumentException("not a runs-in rule: " + rule);
    }

    private static List<Pointcut> conjuncts(Pointcut p) {
        return p instanceof Pointcut.And a ? a.parts() : List.of(p);
    }

    private static List<Pointcut> parts(Pointcut p) {
        if (p instanceof Pointcut.And a) {
            return a.parts();
        }
        if (p instanceof Pointcut.Or o) {
            return o.parts();
        }
        return p instanceof Pointcut.Not n ? List.of(n.part()) : List.of();
    }

    /** Every selector in the pointcut, negated or not, in the order written. */
    public static List<Pointcut.Selector> selectors(Pointcut p) {
        List<Pointcut.Selector> out = new ArrayList<>();
        collect(p, out);
        return out;
    }

    private static void collect(Pointcut p, List<Pointcut.Selector> out) {
        if (p instanceof Pointcut.Selector s) {
            out.add(s);
        } else if (p instanceof Pointcut.And a) {
            a.parts().forEach(q -> collect(q, out));
        } else if (p instanceof Pointcut.Or o) {
            o.parts().forEach(q -> collect(q, out));
        } else if (p instanceof Pointcut.Not n) {
            collect(n.part(), out);
        }
    }

    private static <T extends Pointcut> Pointcut join(List<Pointcut> parts, Class<T> type,
                                                      Function<List<Pointcut>, T> make,
                                                      Function<T, List<Pointcut>> partsOf) {
        LinkedHashSet<Pointcut> flat = new LinkedHashSet<>();
        for (Pointcut part : parts) {
            Pointcut n = normalize(part);
            if (type.isInstance(n)) {
                flat.addAll(partsOf.apply(type.cast(n)));
            } else {
                flat.add(n);
            }
        }
        if (flat.isEmpty()) {
            throw new IllegalArgumentException("nothing to combine");
        }
        return flat.size() == 1 ? flat.iterator().next() : make.apply(List.copyOf(flat));
    }
}
