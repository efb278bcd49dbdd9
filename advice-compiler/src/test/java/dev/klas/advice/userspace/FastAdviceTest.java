package dev.klas.advice.userspace;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The call test of {@link FastAdvice}: what may clobber vector registers (the trampoline then saves them). */
class FastAdviceTest {
    @Test
    void keywordsBuiltinsAndKlasHelpersAreNotCalls() {
        assertFalse(FastAdvice.calls("static volatile long n; n++;"));
        assertFalse(FastAdvice.calls("if (n > 2) { while (n--) ; } return;"));
        assertFalse(FastAdvice.calls("__atomic_add_fetch(&n, 1, __ATOMIC_RELAXED); x = sizeof(n);"));
        assertFalse(FastAdvice.calls("klas_printf(\"%d\\n\", klas_pid()); t = klas_now_ns();"));
    }

    @Test
    void anyOtherNameOrExpressionCalledIsACall() {
        assertTrue(FastAdvice.calls("puts(\"x\");"));
        assertTrue(FastAdvice.calls("log_it (n);"));
        assertTrue(FastAdvice.calls("(*hook)(n);"));
    }
}
