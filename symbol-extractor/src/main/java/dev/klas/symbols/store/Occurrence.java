package dev.klas.symbols.store;

import dev.klas.schema.Pointcut;
import java.util.ArrayList;
import java.util.List;

/**
 * A selector as it occurs in a pointcut, not negated, with the parts and-ed to it on the way down from the root
 * (outermost first): the restrictions a shadow of the selector must also meet to be selected. A negated selector
 * is itself one of those restrictions.
 */
record Occurrence(Pointcut.Selector selector, List<Pointcut> restrictions) {
    Occurrence {
        restrictions = List.copyOf(restrictions);
    }

    /** Every occurrence in the order written, each distinct one once. */
    static List<Occurrence> of(Pointcut p) {
        List<Occurrence> out = new ArrayList<>();
        walk(p, List.of(), out);
        return out;
    }

    private static void walk(Pointcut p, List<Pointcut> context, List<Occurrence> out) {
        if (p instanceof Pointcut.Selector s) {
            Occurrence o = new Occurrence(s, context);
            if (!out.contains(o)) {
                out.add(o);
            }
        } else if (p instanceof Pointcut.Or or) {
            for (Pointcut part : or.parts()) {
                walk(part, context, out);
            }
        } else if (p instanceof Pointcut.And and) {
            for (Pointcut part : and.parts()) {
                List<Pointcut> inner = new ArrayList<>(context);
                and.parts().stream().filter(q -> q != part).forEach(inner::add);
                walk(part, inner, out);
            }
        }
    }
}
