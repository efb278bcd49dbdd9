package dev.klas.symbols.parser;

import java.util.Optional;
import org.eclipse.cdt.core.parser.ISignificantMacros;
import org.eclipse.cdt.core.parser.Keywords;
import org.eclipse.cdt.core.parser.util.CharArrayIntMap;
import org.eclipse.cdt.core.parser.util.CharArrayObjectMap;
import org.eclipse.cdt.internal.core.parser.IMacroDictionary;
import org.eclipse.cdt.internal.core.parser.scanner.CharArray;
import org.eclipse.cdt.internal.core.parser.scanner.IncludeGuardDetection;
import org.eclipse.cdt.internal.core.parser.scanner.Lexer;
import org.eclipse.cdt.internal.core.parser.scanner.SignificantMacros;

/**
 * What is known of a header's text before the preprocessor reads it: its include guard (as CDT detects it). klas
 * skips a guarded header whose guard is defined before handing it to the preprocessor ({@link IncludeProvider}),
 * so the file is neither read nor entered again.
 */
final class HeaderFacts {
    private static final CharArrayIntMap PP_KEYWORDS = new CharArrayIntMap(40, -1);

    static {
        Keywords.addKeywordsPreprocessor(PP_KEYWORDS);
    }

    private final Optional<ISignificantMacros> guardDefined;

    private HeaderFacts(Optional<ISignificantMacros> guardDefined) {
        this.guardDefined = guardDefined;
    }

    static HeaderFacts of(char[] text) {
        char[] guard;
        synchronized (PP_KEYWORDS) {
            guard = IncludeGuardDetection.detectIncludeGuard(new CharArray(text), new Lexer.LexerOptions(),
                    PP_KEYWORDS);
        }
        Optional<ISignificantMacros> defined = Optional.empty();
        if (guard != null) {
            CharArrayObjectMap<char[]> map = new CharArrayObjectMap<>(1);
            map.put(guard, SignificantMacros.DEFINED);
            defined = Optional.of(new SignificantMacros(map));
        }
        return new HeaderFacts(defined);
    }

    /** Whether the header has an include guard and {@code macros} define it: the header reads as empty. */
    boolean guardedAgainst(IMacroDictionary macros) {
        return macros != null && guardDefined.isPresent() && macros.satisfies(guardDefined.get());
    }
}
