package dev.klas.advice.bpf;

import dev.klas.advice.Diagnostic;
import dev.klas.schema.Advice;
import dev.klas.schema.SourcePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the kernel's verifier would refuse and klas can see in the advice text, reported at the aspect's position
 * before anything is compiled: calls of functions that are neither BPF helpers nor klas names (a BPF program cannot
 * call kernel functions), and loops (the verifier takes only loops it can prove bounded; klas does not prove
 * bounds, so every {@code for}, {@code while} and {@code do} is refused). Comments, strings and character literals
 * are skipped; a name counts as called when {@code (} follows it.
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

    static List<Diagnostic> check(Advice advice) {
        List<Diagnostic> out = new ArrayList<>();
        String code = advice.code();
        int i = 0;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (code.startsWith("//", i)) {
                i = end(code, code.indexOf('\n', i));
            } else if (code.startsWith("/*", i)) {
                int close = code.indexOf("*/", i + 2);
                i = close < 0 ? code.length() : close + 2;
            } else if (c == '"' || c == '\'') {
                i = literalEnd(code, i);
            } else if (Character.isJavaIdentifierStart(c) && c != '$') {
                int start = i;
                while (i < code.length() && Character.isJavaIdentifierPart(code.charAt(i)) && code.charAt(i) != '$') {
                    i++;
                }
                name(code.substring(start, i), followedByParen(code, i), position(advice, start)).ifPresent(out::add);
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

    private static Optional<Diagnostic> name(String name, boolean called, SourcePosition at) {
        if (LOOPS.contains(name)) {
            return Optional.of(new Diagnostic(at, Diagnostic.Severity.ERROR, "'" + name + "' loop: linux-bpf"
                    + " refuses loops in advice (the kernel's verifier accepts only loops it can prove bounded, which"
                    + " klas does not check): write the iterations out, or use linux-kprobes"));
        }
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

    private static int literalEnd(String code, int i) {
        char quote = code.charAt(i);
        int k = i + 1;
        while (k < code.length() && code.charAt(k) != quote && code.charAt(k) != '\n') {
            k += code.charAt(k) == '\\' ? 2 : 1;
        }
        return Math.min(code.length(), k + 1);
    }

    private static int end(String code, int newline) {
        return newline < 0 ? code.length() : newline;
    }

    /** The aspect file position of offset {@code k} of the advice code (the code starts at the advice's position). */
    private static SourcePosition position(Advice advice, int k) {
        String before = advice.code().substring(0, k);
        int lines = (int) before.chars().filter(ch -> ch == '\n').count();
        int column = lines == 0 ? advice.position().column() + k : k - before.lastIndexOf('\n');
        return new SourcePosition(advice.position().file(), advice.position().line() + lines, column);
    }
}
