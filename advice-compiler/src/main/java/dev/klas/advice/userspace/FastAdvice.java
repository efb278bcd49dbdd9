package dev.klas.advice.userspace;

import dev.klas.schema.Advice;
import dev.klas.schema.Aspect;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a segment-call aspect's advice can run from the parts fast path (klas_runtime.h {@code KLAS_FAST}): it names
 * nothing of {@code klas_ctx} (no {@code klas_caller}, {@code klas_callee}, {@code klas_function}, {@code klas_jp},
 * {@code klas_regs} with the arguments, {@code klas_retval}), so it runs without a context. {@code vector}: the code
 * may call a function that is not known to keep to general registers (anything but the klas helpers), so the
 * trampoline saves the vector argument and return registers around it. Both are decided on the advice text,
 * conservatively: any {@code name(} that is not a keyword, a gcc builtin or a klas helper counts as a call.
 */
public record FastAdvice(boolean fast, boolean vector) {
    private static final Pattern CONTEXT = Pattern.compile(
            "\\b(klas_ctx|klas_jp|klas_regs|klas_retval|klas_caller|klas_callee|klas_function|klas_access_addr"
            + "|klas_target)\\b");
    private static final Pattern CALL = Pattern.compile("([A-Za-z_]\\w*)\\s*\\(|\\)\\s*\\(");
    private static final Set<String> NOT_CALLS = Set.of("if", "while", "for", "switch", "return", "sizeof",
            "_Alignof", "alignof", "typeof", "__typeof__", "_Static_assert", "__attribute__", "asm", "__asm__",
            "klas_printf", "klas_now_ns", "klas_pid", "klas_comm");

    /** The aspect's advice as a whole: fast when no advice of it names the context. */
    public static FastAdvice of(Aspect aspect) {
        boolean fast = true;
        boolean vector = false;
        for (Advice adv : aspect.advices()) {
            fast &= !CONTEXT.matcher(adv.code()).find();
            vector |= calls(adv.code());
        }
        return new FastAdvice(fast, vector);
    }

    static boolean calls(String code) {
        Matcher m = CALL.matcher(code);
        while (m.find()) {
            String name = m.group(1);
            if (name == null || !(NOT_CALLS.contains(name) || name.startsWith("__builtin_")
                    || name.startsWith("__atomic_") || name.startsWith("__sync_"))) {
                return true;
            }
        }
        return false;
    }
}
