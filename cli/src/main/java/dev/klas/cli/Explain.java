package dev.klas.cli;

import dev.klas.schema.Access;
import dev.klas.schema.NamePattern;
import dev.klas.schema.Pointcut;
import dev.klas.schema.PointcutPrinter;
import dev.klas.symbols.Shadow;
import dev.klas.symbols.ShadowKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Why a shadow matched: the pointcut AST evaluated against one shadow in Java, independently of the SQL that selected
 * it. The answer lists the selector that held and every restriction that narrowed it; empty means the pointcut does
 * not hold for the shadow (which, for a shadow the query returned, would be a bug in one of the two).
 */
final class Explain {
    private Explain() {
    }

    static Optional<List<String>> why(Pointcut p, Shadow s) {
        if (p instanceof Pointcut.FieldAccess f) {
            return holds(s.kind().isFieldAccess() && kindFits(f.access(), s.kind())
                    && named(f.struct(), s.struct()) && named(f.member(), s.member()), p,
                    s.kind() + " of " + s.struct() + "." + s.member());
        }
        if (p instanceof Pointcut.FpCall f) {
            return holds(s.kind() == ShadowKind.FP_CALL && named(f.struct(), s.struct()) && named(f.member(), s.member()),
                    p, "call through " + s.struct() + "." + s.member());
        }
        if (p instanceof Pointcut.Call c) {
            return holds(s.kind() == ShadowKind.CALL && named(c.function(), s.member()), p, "call of " + s.member());
        }
        if (p instanceof Pointcut.Execution e) {
            return holds(s.kind() == ShadowKind.FUNCTION && named(e.function(), s.member()), p,
                    "definition of " + s.member());
        }
        if (p instanceof Pointcut.Line l) {
            return holds(s.line() == l.line() && l.file().matches(s.file()), p, "on " + s.file() + ":" + s.line());
        }
        if (p instanceof Pointcut.SegmentCall) {
            return Optional.empty();
        }
        if (p instanceof Pointcut.Within w) {
            return holds(w.file().matches(s.file()), p, "in file " + s.file());
        }
        if (p instanceof Pointcut.WithinCode w) {
            return holds(named(w.function(), s.function()), p, "in function " + s.function());
        }
        if (p instanceof Pointcut.RunsInTerm) {
            throw new IllegalArgumentException(PointcutPrinter.print(p) + " is decided on a resolved address, not a shadow");
        }
        if (p instanceof Pointcut.And a) {
            List<String> all = new ArrayList<>();
            for (Pointcut part : a.parts()) {
                Optional<List<String>> r = why(part, s);
                if (r.isEmpty()) {
                    return Optional.empty();
                }
                all.addAll(r.get());
            }
            return Optional.of(all);
        }
        if (p instanceof Pointcut.Or o) {
            for (Pointcut part : o.parts()) {
                Optional<List<String>> r = why(part, s);
                if (r.isPresent()) {
                    return r;
                }
            }
            return Optional.empty();
        }
        if (p instanceof Pointcut.Not n) {
            return holds(why(n.part(), s).isEmpty(), p, "since " + PointcutPrinter.print(n.part()) + " does not hold");
        }
        throw new IllegalArgumentException("unknown pointcut " + p);
    }

    private static boolean kindFits(Access access, ShadowKind kind) {
        return switch (access) {
            case READ -> kind == ShadowKind.FIELD_READ || kind == ShadowKind.FIELD_READWRITE
                    || kind == ShadowKind.FP_CALL;
            case WRITE -> kind == ShadowKind.FIELD_WRITE || kind == ShadowKind.FIELD_READWRITE;
            default -> true;
        };
    }

    private static boolean named(NamePattern pattern, String name) {
        return pattern.text().equals("*") || pattern.matches(name);
    }

    private static Optional<List<String>> holds(boolean holds, Pointcut p, String fact) {
        return holds ? Optional.of(List.of(kindOf(p) + " " + PointcutPrinter.print(p) + ": " + fact)) : Optional.empty();
    }

    private static String kindOf(Pointcut p) {
        return p instanceof Pointcut.Selector ? "selector" : p instanceof Pointcut.Restriction ? "restriction" : "not";
    }
}
