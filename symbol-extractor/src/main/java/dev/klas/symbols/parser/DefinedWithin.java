package dev.klas.symbols.parser;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorIncludeStatement;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorMacroDefinition;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorStatement;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorUndefStatement;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;

/**
 * The macros each inclusion of a parsed unit {@code #define}s or {@code #undef}s itself, in its own text or in the
 * files it includes. Their state where the header was included does not decide its text (CDT leaves them out of
 * the significant macros likewise), so they are no part of its context even when they were no macro there: whether
 * a header it includes was read before changes that state, not the text.
 */
final class DefinedWithin {
    private final Map<IASTPreprocessorIncludeStatement, Set<String>> names = new IdentityHashMap<>();

    DefinedWithin(IASTTranslationUnit tu) {
        for (IASTPreprocessorStatement s : tu.getAllPreprocessorStatements()) {
            String name;
            if (s instanceof IASTPreprocessorMacroDefinition d) {
                name = d.getName().toString();
            } else if (s instanceof IASTPreprocessorUndefStatement u) {
                name = u.getMacroName().toString();
            } else {
                continue;
            }
            IASTPreprocessorIncludeStatement inc = inclusion(s.getFileLocation());
            while (inc != null && names.computeIfAbsent(inc, k -> new HashSet<>()).add(name)) {
                inc = inclusion(inc.getFileLocation());
            }
        }
    }

    /** The macros {@code inc} (or a file it included) defines or undefines. */
    Set<String> of(IASTPreprocessorIncludeStatement inc) {
        return names.getOrDefault(inc, Set.of());
    }

    private static IASTPreprocessorIncludeStatement inclusion(IASTFileLocation loc) {
        return loc == null ? null : loc.getContextInclusionStatement();
    }
}
