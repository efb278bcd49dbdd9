package dev.klas.schema;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;

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
