package dev.klas.advice.vars;

import dev.klas.advice.Diagnostic;
import dev.klas.schema.Advice;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's spelling of member chains on program variables: in an advice body, {@code $skb->len} becomes
 * {@code KLAS_MEMBER($skb->len)} and {@code $a->b.c->d} becomes {@code KLAS_MEMBER(KLAS_MEMBER($a->b.c)->d)}, so
 * each {@code ->} step reads through {@code copy_from_kernel_nofault} (advice.c.mustache) and a bad pointer gives
 * 0 and {@code klas_faulted} instead of an oops. After {@code &} the last member is not read, only its address
 * taken. A chain followed by {@code [} is refused: an index into a pointer member would be a plain load.
 * A chain that ends on a bit-field ({@code $t->flags}: no {@code typeof} or {@code &} of it) is read by
 * {@code KLAS_BITS}, as {@link BitFields} spells it from the variable's type at the hook ({@link ChainBits}).
 * String and character literals and comments are left alone.
 */
public final class MemberChains {
    private MemberChains() {
    }

    /** The advice's code rewritten, or the places where a chain cannot be. */
    public record Rewritten(String code, List<Diagnostic> errors) {
    }

    /** The read of a chain that ends on a bit-field, at one hook. */
    public interface BitFields {
        /**
         * The C expression that reads the bit-field {@code steps} ({@code "->a"}, {@code ".b"}) of {@code $variable}
         * end on, {@code base} being the C expression of the pointer the last {@code ->} follows; empty when the
         * chain does not end on a bit-field.
         */
        java.util.Optional<String> read(String variable, List<String> steps, String base);
    }

    public static Rewritten rewrite(Advice advice) {
        return rewrite(advice, (v, s, b) -> java.util.Optional.empty());
    }

    /** As {@link #rewrite(Advice)}, with the chains that end on a bit-field read as {@code bitFields} spells them. */
    public static Rewritten rewrite(Advice advice, BitFields bitFields) {
        String code = advice.code();
        StringBuilder out = new StringBuilder();
        List<Diagnostic> errors = new ArrayList<>();
        int i = 0;
        while (i < code.length()) {
            char c = code.charAt(i);
            int skip = skipped(code, i);
            if (skip > i) {
                out.append(code, i, skip);
                i = skip;
            } else if (c == '$' && i + 1 < code.length() && start(code.charAt(i + 1))
                    && (i == 0 || !part(code.charAt(i - 1)))) {
                int end = identEnd(code, i + 1);
                boolean addressOf = addressOf(code, i);
                StringBuilder expr = new StringBuilder(code.substring(i, end));
                String lvalue = null;
                String base = "";
                List<String> steps = new ArrayList<>();
                int j = end;
                while (true) {
                    int k = spaces(code, j);
                    String op = code.startsWith("->", k) ? "->" : code.startsWith(".", k) ? "." : null;
                    if (op == null) {
                        break;
                    }
                    int m = spaces(code, k + op.length());
                    if (m >= code.length() || !start(code.charAt(m))) {
                        break;
                    }
                    int e = identEnd(code, m);
                    String member = code.substring(m, e);
                    steps.add(op + member);
                    if (op.equals("->")) {
                        if (lvalue != null) {
                            expr = new StringBuilder("KLAS_MEMBER(" + lvalue + ")");
                        }
                        base = expr.toString();
                        lvalue = expr + "->" + member;
                    } else if (lvalue != null) {
                        lvalue += "." + member;
                    } else {
                        expr.append('.').append(member);
                    }
                    j = e;
                }
                if (lvalue != null && code.startsWith("[", spaces(code, j))) {
                    errors.add(new Diagnostic(DollarNames.position(advice, i), Diagnostic.Severity.ERROR,
                            code.substring(i, j) + "[...]: on linux-kprobes klas reads member chains through"
                            + " copy_from_kernel_nofault, and an index after one would be a plain load; copy the"
                            + " member into a local first"));
                }
                java.util.Optional<String> bits = lvalue == null || addressOf ? java.util.Optional.empty()
                        : bitFields.read(code.substring(i + 1, end), steps, base);
                out.append(lvalue == null ? expr : addressOf ? lvalue : bits.orElse("KLAS_MEMBER(" + lvalue + ")"));
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return new Rewritten(out.toString(), errors);
    }

    /** Whether the chain at {@code at} is the operand of a unary {@code &} (not {@code &&}). */
    private static boolean addressOf(String code, int at) {
        int k = at - 1;
        while (k >= 0 && Character.isWhitespace(code.charAt(k))) {
            k--;
        }
        return k >= 0 && code.charAt(k) == '&' && (k == 0 || code.charAt(k - 1) != '&');
    }

    /** The end of a literal or comment starting at {@code i}, or {@code i}. */
    private static int skipped(String code, int i) {
        char c = code.charAt(i);
        if (c == '"' || c == '\'') {
            int k = i + 1;
            while (k < code.length() && code.charAt(k) != c && code.charAt(k) != '\n') {
                k += code.charAt(k) == '\\' ? 2 : 1;
            }
            return Math.min(k + 1, code.length());
        }
        if (code.startsWith("//", i)) {
            int nl = code.indexOf('\n', i);
            return nl < 0 ? code.length() : nl;
        }
        if (code.startsWith("/*", i)) {
            int end = code.indexOf("*/", i + 2);
            return end < 0 ? code.length() : end + 2;
        }
        return i;
    }

    private static int identEnd(String code, int from) {
        int j = from;
        while (j < code.length() && part(code.charAt(j))) {
            j++;
        }
        return j;
    }

    private static int spaces(String code, int from) {
        int j = from;
        while (j < code.length() && (code.charAt(j) == ' ' || code.charAt(j) == '\t')) {
            j++;
        }
        return j;
    }

    private static boolean start(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean part(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
