package dev.klas.schema;

import java.util.stream.Collectors;

/** Prints a pointcut in the expression language, with only the parentheses the precedence needs. */
public final class PointcutPrinter {
    private PointcutPrinter() {
    }

    public static String print(Pointcut p) {
        if (p instanceof Pointcut.Or o) {
            return o.parts().stream().map(PointcutPrinter::print).collect(Collectors.joining(" || "));
        }
        if (p instanceof Pointcut.And a) {
            return a.parts().stream()
                    .map(q -> q instanceof Pointcut.Or ? "(" + print(q) + ")" : print(q))
                    .collect(Collectors.joining(" && "));
        }
        if (p instanceof Pointcut.Not n) {
            Pointcut q = n.part();
            return q instanceof Pointcut.And || q instanceof Pointcut.Or ? "!(" + print(q) + ")" : "!" + print(q);
        }
        return primary(p);
    }

    private static String primary(Pointcut p) {
        if (p instanceof Pointcut.FieldAccess f) {
            String op = switch (f.access()) {
                case READ -> "get";
                case WRITE -> "set";
                case ANY -> "field-access";
            };
            return op + "(" + f.struct() + "." + f.member() + ")";
        }
        if (p instanceof Pointcut.FpCall f) {
            return "fp-call(" + f.struct() + "." + f.member() + ")";
        }
        if (p instanceof Pointcut.Call c) {
            return "call(" + c.function() + ")";
        }
        if (p instanceof Pointcut.Execution e) {
            return "execution(" + e.function() + ")";
        }
        if (p instanceof Pointcut.Line l) {
            return "line(" + quote(l.file().text()) + ":" + l.line() + ")";
        }
        if (p instanceof Pointcut.SegmentCall s) {
            return "segment-call(" + quote(s.from().text()) + ", " + quote(s.to().text())
                    + (s.function().text().equals("*") ? "" : ", " + quote(s.function().text())) + ")";
        }
        if (p instanceof Pointcut.Within w) {
            return "within(" + quote(w.file().text()) + ")";
        }
        if (p instanceof Pointcut.WithinCode w) {
            return "withincode(" + w.function() + ")";
        }
        if (p instanceof Pointcut.RunsIn r) {
            return "runsin(" + r.function() + ")";
        }
        if (p instanceof Pointcut.RunsInFile r) {
            return "runsinfile(" + quote(r.file().text()) + ")";
        }
        throw new IllegalStateException("unknown pointcut " + p);
    }

    /** A string literal of the expression language: double quotes, with {@code \} and {@code "} escaped. */
    public static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
