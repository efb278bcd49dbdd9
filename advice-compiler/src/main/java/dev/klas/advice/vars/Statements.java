package dev.klas.advice.vars;

import dev.klas.resolve.dwarf.Die;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The C statements that fill a {@code $name} from its parts: a scalar in a register or in memory is one assignment
 * (the register masked to the type's width first), anything else is copied byte by byte from memory or from the
 * value ({@code klas_var_copy}: no libc call, so lean advice stays free of vector registers).
 */
final class Statements {
    static final class Unfit extends Exception {
        private static final long serialVersionUID = 1L;

        Unfit(String message) {
            super(message, null, false, false);
        }
    }

    private Statements() {
    }

    static List<String> of(String name, Optional<Die> type, List<Read.Part> parts) throws Unfit {
        return of(name, type, parts, true);
    }

    /** {@code plainLoads}: whether a scalar in memory may be read with one C load (else it is copied). */
    static List<String> of(String name, Optional<Die> type, List<Read.Part> parts, boolean plainLoads) throws Unfit {
        OptionalLong size = CTypes.size(type);
        CTypes.Kind kind = CTypes.kind(type);
        if (size.isEmpty()) {
            throw new Unfit("its type has no size (void or an incomplete type)");
        }
        long bytes = size.getAsLong();
        List<String> out = new ArrayList<>();
        if (parts.size() == 1 && parts.get(0).whole()) {
            Read.Part p = parts.get(0);
            if (p.kind() == Read.Part.Kind.VALUE && kind == CTypes.Kind.INTEGER && bytes <= 8) {
                out.add(name + " = (__typeof__(" + name + "))(" + masked(p.expression(), bytes) + ");");
                return out;
            }
            if (p.kind() == Read.Part.Kind.MEMORY && kind != CTypes.Kind.AGGREGATE && plainLoads) {
                out.add(name + " = *(const volatile __typeof__(" + name + ") *)(uintptr_t)" + p.expression() + ";");
                return out;
            }
            out.add(copy(name, new Read.Part(0, bytes, p.kind(), p.expression())));
            return out;
        }
        for (Read.Part p : parts) {
            if (p.offset() + p.size() > bytes) {
                throw new Unfit("its location has pieces past the type's " + bytes + " bytes");
            }
            out.add(copy(name, p));
        }
        return out;
    }

    private static String masked(String expr, long bytes) {
        return bytes >= 8 ? expr : "(" + expr + " & 0x" + Long.toHexString((1L << (8 * bytes)) - 1) + "ull)";
    }

    private static String copy(String name, Read.Part p) throws Unfit {
        String dst = "(unsigned char *)&" + name + " + " + p.offset();
        return switch (p.kind()) {
            case MEMORY -> "klas_var_copy(" + dst + ", (const void *)(uintptr_t)" + p.expression() + ", " + p.size()
                    + ");";
            case VALUE -> {
                if (p.size() > 8) {
                    throw new Unfit("a part of " + p.size() + " bytes is held in one register or computed value");
                }
                yield "{ uint64_t klas_v = " + p.expression() + "; klas_var_copy(" + dst + ", &klas_v, " + p.size()
                        + "); }";
            }
            case BYTES -> "{ static const unsigned char klas_b[] = { " + p.expression() + " }; klas_var_copy(" + dst
                    + ", klas_b, sizeof klas_b < " + p.size() + " ? sizeof klas_b : " + p.size() + "); }";
        };
    }
}
