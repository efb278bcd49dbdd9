package dev.klas.advice.bpf;

import dev.klas.advice.Diagnostic;
import dev.klas.schema.Advice;
import dev.klas.schema.SourcePosition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the kernel's verifier would refuse and klas can see in the advice text, reported at the aspect's position
 * before anything is compiled: calls of functions that are neither BPF helpers nor klas names (a BPF program cannot
 * call kernel functions), and loops without a bound ({@code for (;;)}, {@code while (1)}: {@link Loop}). A loop
 * whose bound klas cannot see is left to the verifier (kernel 5.3 and later take loops it can prove bounded) with a
 * note, which the generated file lists. Comments, strings and character literals are skipped; a name counts as
 * called when {@code (} follows it.
 */
final class BpfAdviceCheck {
    /** Prefixes of the names advice may call: BPF helpers and libbpf's macros, klas's names, compiler builtins. */
    private static final List<String> CALLABLE_PREFIXES = List.of("bpf_", "BPF_", "PT_REGS_", "klas_",
            "__builtin_", "__sync_", "__atomic_");
    /** Keywords and libbpf macros that take parentheses without being calls of kernel functions. */
    private static final Set<String> CALLABLE = Set.of("if", "switch", "return", "sizeof", "_Alignof",
            "__alignof__", "typeof", "__typeof__", "__typeof", "_Static_assert", "__attribute__", "offsetof",
            "container_of", "barrier", "barrier_var", "KERNEL_VERSION");
    private static final Set<String> LOOPS = Set.of("for", "while", "do");

    private BpfAdviceCheck() {
    }

    /** Errors (refusals) and notes (loops left to the verifier), in text order. */
    static List<Diagnostic> check(Advice advice) {
        List<Diagnostic> out = new ArrayList<>();
        String code = CodeText.blank(advice.code());
        Set<Integer> doWhiles = new HashSet<>();
        int i = 0;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (Character.isJavaIdentifierStart(c) && c != '$') {
                int start = i;
                while (i < code.length() && Character.isJavaIdentifierPart(code.charAt(i)) && code.charAt(i) != '$') {
                    i++;
                }
                String name = code.substring(start, i);
                SourcePosition at = position(advice, start);
                if (LOOPS.contains(name) && !doWhiles.contains(start)) {
                    Loop loop = Loop.at(code, name, start);
                    if (loop.doWhile() >= 0) {
                        doWhiles.add(loop.doWhile());
                    }
                    loop(loop, at).ifPresent(out::add);
                } else if (!LOOPS.contains(name)) {
                    name(name, followedByParen(code, i), at).ifPresent(out::add);
                }
            } else if (Character.isDigit(c)) {
                while (i < code.length() && (Character.isLetterOrDigit(code.charAt(i)) || code.charAt(i) == '.')) {
                    i++;
                }
            } else {
                i++;
            }
        }
        return out;
    }

    private static Optional<Diagnostic> loop(Loop loop, SourcePosition at) {
        return switch (loop.bound()) {
            case CONSTANT -> Optional.empty();
            case NONE -> Optional.of(new Diagnostic(at, Diagnostic.Severity.ERROR, "'" + loop.keyword() + "' loop"
                    + " without a bound (its condition is missing or always true): the kernel's verifier takes only"
                    + " loops it can prove to end; count to a constant, e.g. for (int i = 0; i < 64; i++), or use"
                    + " linux-kprobes"));
            case UNSEEN -> Optional.of(new Diagnostic(at, Diagnostic.Severity.NOTE, "'" + loop.keyword() + "' loop:"
                    + " klas sees no constant bound (for (i = A; i < N; i++), i not written in the body); the"
                    + " kernel's verifier decides when the loader loads it"));
        };
    }

    private static Optional<Diagnostic> name(String name, boolean called, SourcePosition at) {
        if (called && !callable(name)) {
            return Optional.of(new Diagnostic(at, Diagnostic.Severity.ERROR, "call of " + name + "():"
                    + " a BPF program cannot call kernel or other functions, only BPF helpers (bpf_*), libbpf's"
                    + " macros (BPF_CORE_READ, PT_REGS_*, ...) and klas's names (klas_*); use linux-kprobes to call"
                    + " kernel functions"));
        }
        return Optional.empty();
    }

    private static boolean callable(String name) {
        return CALLABLE.contains(name) || CALLABLE_PREFIXES.stream().anyMatch(name::startsWith);
    }

    private static boolean followedByParen(String code, int i) {
        while (i < code.length() && Character.isWhitespace(code.charAt(i))) {
            i++;
        }
        return i < code.length() && code.charAt(i) == '(';
    }

    /** The aspect file position of offset {@code k} of the advice code (the code starts at the advice's position). */
    private static SourcePosition position(Advice advice, int k) {
        String before = advice.code().substring(0, k);
        int lines = (int) before.chars().filter(ch -> ch == '\n').count();
        int column = lines == 0 ? advice.position().column() + k : k - before.lastIndexOf('\n');
        return new SourcePosition(advice.position().file(), advice.position().line() + lines, column);
    }
}
