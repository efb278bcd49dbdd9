package dev.klas.symbols.parser;

import java.util.regex.Pattern;

/**
 * CDT parses {@code asm volatile (...)} but not the {@code inline} asm qualifier (GCC manual, "Extended Asm":
 * {@code asm inline}, spelled {@code asm __inline} by the Linux kernel's {@code asm_inline}). The qualifier only
 * affects gcc's size estimate, so it is blanked out, keeping every column.
 */
final class AsmQualifiers {
    private static final Pattern ASM_INLINE = Pattern.compile("\\basm(\\s+)(__inline__|__inline|inline)\\b");

    private AsmQualifiers() {
    }

    static String rewrite(String text) {
        if (!text.contains("asm")) {
            return text;
        }
        return ASM_INLINE.matcher(text).replaceAll(m -> "asm" + m.group(1) + " ".repeat(m.group(2).length()));
    }
}
