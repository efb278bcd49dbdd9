package dev.klas.symbols;

import java.util.Optional;

/**
 * A join point shadow: a static place in the C source where a member is accessed, a function is called or defined.
 * Absent text values are empty strings, never null.
 *
 * @param file     path relative to the source root (absolute when outside it)
 * @param line     1-based line
 * @param column   1-based byte column of the member (or function) name; for an access written inside a macro
 *                 body, the position of the outermost macro invocation in the file
 * @param function enclosing function, empty at file scope
 * @param struct   tag of the struct/union declaring the member (typedef name for a tagless one, the nearest
 *                 named enclosing record for anonymous members); empty for CALL and FUNCTION
 * @param member   member name; the callee for CALL; the function for FUNCTION
 * @param macro    the macro whose invocation produced this access, empty when spelled directly
 */
public record Shadow(ShadowKind kind, String file, int line, int column, String function, String struct,
                     String member, String macro) {
    public Shadow {
        if (kind == null || file == null || function == null || struct == null || member == null || macro == null) {
            throw new IllegalArgumentException("Shadow fields are never null (use empty strings)");
        }
    }

    public Optional<String> macroName() {
        return macro.isEmpty() ? Optional.empty() : Optional.of(macro);
    }

    /** The KLAS export form {@code path:line:struct.member}. */
    public String klasForm() {
        return file + ":" + line + ":" + (struct.isEmpty() ? member : struct + "." + member);
    }
}
