package dev.klas.advice.vars;

import dev.klas.advice.Diagnostic;
import dev.klas.resolve.dwarf.Die;
import dev.klas.resolve.dwarf.DwAt;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.schema.SourcePosition;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code klas_retval} in advice-after at a function's return, typed as the function's return type from DWARF
 * (the subprogram's {@code DW_AT_type}; none means void): an integer, enum or pointer of at most 8 bytes is rax as
 * the function returned (SysV x86-64 ABI 3.2.3); an aggregate keeps {@code uint64_t} rax as before. void and floating
 * point (xmm0, which klas does not save at the return) are refused at the name. After a call ({@code call}, {@code fp-call}) it stays rax as a
 * {@code uint64_t}.
 */
final class ReturnValue {
    static final String NAME = "klas_retval";

    private final Binary binary;

    ReturnValue(Binary binary) {
        this.binary = binary;
    }

    /** At the return of the function whose entry is {@code entry}. */
    Optional<VariableReads.Declared> atReturn(long entry, SourcePosition at, String label, CTypes types,
                                              List<Diagnostic> errors) {
        Optional<Die> sp = binary.inlines().subprogramAt(entry);
        if (sp.isEmpty()) {
            errors.add(error(at, "klas finds no DWARF subprogram at " + label + ", so no return type"));
            return Optional.empty();
        }
        String fn = name(sp.get()).orElse("the function");
        Optional<Die> type = returnType(sp.get());
        if (type.isEmpty()) {
            errors.add(error(at, fn + " returns void (" + label + "): there is no return value"));
            return Optional.empty();
        }
        OptionalLong size = CTypes.size(type);
        CTypes.Kind kind = CTypes.kind(type);
        if (kind == CTypes.Kind.FLOAT) {
            errors.add(error(at, fn + " returns a floating-point value, in xmm0, which klas does not save at the"
                    + " return (" + label + ")"));
            return Optional.empty();
        }
        if (kind != CTypes.Kind.INTEGER || size.isEmpty() || size.getAsLong() > 8) {
            return Optional.of(afterCall()); /* an aggregate: rax as returned (its first eightbyte, or its address) */
        }
        try {
            String decl = types.declare(VariableReads.assignable(type), NAME);
            return Optional.of(new VariableReads.Declared(NAME, decl, List.of("{ uint64_t klas_v = klas_ctx->retval;"
                    + " klas_var_copy(&" + NAME + ", &klas_v, " + size.getAsLong() + "); }"), "return value of " + fn));
        } catch (CTypes.Unprintable x) {
            errors.add(error(at, NAME + " of " + fn + ": " + x.getMessage()));
            return Optional.empty();
        }
    }

    /** After a call: rax as the callee left it, as before. */
    static VariableReads.Declared afterCall() {
        return new VariableReads.Declared(NAME, "uint64_t " + NAME, List.of(NAME + " = klas_ctx->retval;"),
                "rax after the call");
    }

    static Optional<Die> returnType(Die sp) {
        Die d = sp;
        for (int hops = 0; hops < 4; hops++) {
            if (d.has(DwAt.TYPE)) {
                return d.reference(DwAt.TYPE);
            }
            Die cur = d;
            Optional<Die> origin = cur.reference(DwAt.ABSTRACT_ORIGIN).or(() -> cur.reference(DwAt.SPECIFICATION));
            if (origin.isEmpty()) {
                return Optional.empty();
            }
            d = origin.get();
        }
        return Optional.empty();
    }

    private static Optional<String> name(Die sp) {
        return sp.effectiveName();
    }

    private static Diagnostic error(SourcePosition at, String message) {
        return new Diagnostic(at, Diagnostic.Severity.ERROR, NAME + ": " + message);
    }
}
