package dev.klas.symbols.parser;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
 * What is known of a header's text before the preprocessor reads it: its include guard (as CDT detects it) and the
 * identifiers the text uses that it neither {@code #define}s nor {@code #undef}s itself. klas, not CDT, skips a
 * guarded header whose guard is defined, so that CDT tracks the significant macros of every header (it tracks none
 * for a header whose guard it detected). An identifier that is no macro where the header is included is part of
 * its macro context ({@link MacroContext}): CDT's significant macros name only the macros that were defined, so a
 * unit that defines a macro the recorded unit did not (memcpy, a macro only without __NO_FORTIFY) would match.
 */
final class HeaderFacts {
    private static final CharArrayIntMap PP_KEYWORDS = new CharArrayIntMap(40, -1);

    static {
        Keywords.addKeywordsPreprocessor(PP_KEYWORDS);
    }

    private final Optional<ISignificantMacros> guardDefined;
    private final char[][] names;

    private HeaderFacts(Optional<ISignificantMacros> guardDefined, char[][] names) {
        this.guardDefined = guardDefined;
        this.names = names;
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
        return new HeaderFacts(defined, Identifiers.of(text).toArray(char[][]::new));
    }

    /** Whether the header has an include guard and {@code macros} define it: the header reads as empty. */
    boolean guardedAgainst(IMacroDictionary macros) {
        return macros != null && guardDefined.isPresent() && macros.satisfies(guardDefined.get());
    }

    /** The identifiers of the text, not defined by it, that are no macro in {@code macros}, in text order. */
    List<String> undefined(IMacroDictionary macros) {
        List<String> out = new ArrayList<>();
        if (macros == null) {
            return out;
        }
        macros.satisfies(new ISignificantMacros() {
            @Override
            public boolean accept(IVisitor visitor) {
                for (char[] name : names) {
                    if (visitor.visitUndefined(name)) {
                        out.add(new String(name));
                    }
                }
                return true;
            }

            @Override
            public char[] encode() {
                throw new UnsupportedOperationException();
            }
        });
        return out;
    }

    /** The identifiers of a C text outside comments, literals and {@code #include} names, less the macros it sets. */
    static final class Identifiers {
        private final char[] t;
        private final Set<String> used = new LinkedHashSet<>();
        private final Set<String> defines = new java.util.HashSet<>();
        private int i;

        private Identifiers(char[] text) {
            this.t = text;
        }

        static List<char[]> of(char[] text) {
            Identifiers s = new Identifiers(text);
            s.scan();
            s.used.removeAll(s.defines);
            return s.used.stream().map(String::toCharArray).toList();
        }

        private void scan() {
            boolean lineStart = true;
            while (i < t.length) {
                char c = t[i];
                if (c == '\n') {
                    lineStart = true;
                    i++;
                } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\\') {
                    i++;
                } else if (c == '/' && i + 1 < t.length && t[i + 1] == '*') {
                    int end = indexOf("*/", i + 2);
                    i = end < 0 ? t.length : end + 2;
                } else if (c == '/' && i + 1 < t.length && t[i + 1] == '/') {
                    skipLine();
                } else if (c == '#' && lineStart) {
                    i++;
                    directive();
                    lineStart = false;
                } else {
                    lineStart = false;
                    token();
                }
            }
        }

        private void token() {
            char c = t[i];
            if (c == '"' || c == '\'') {
                literal(c);
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < t.length && Character.isDigit(t[i + 1]))) {
                while (i < t.length && (Character.isLetterOrDigit(t[i]) || t[i] == '_' || t[i] == '.'
                        || ((t[i] == '+' || t[i] == '-') && "eEpP".indexOf(t[i - 1]) >= 0))) {
                    i++;
                }
            } else if (start(c)) {
                used.add(identifier());
            } else {
                i++;
            }
        }

        private void directive() {
            while (i < t.length && (t[i] == ' ' || t[i] == '\t')) {
                i++;
            }
            if (i >= t.length || !start(t[i])) {
                return;
            }
            String name = identifier();
            if (name.equals("include") || name.equals("include_next") || name.equals("pragma")
                    || name.equals("error") || name.equals("warning")) {
                skipLine();
            } else if (name.equals("define") || name.equals("undef")) {
                while (i < t.length && (t[i] == ' ' || t[i] == '\t')) {
                    i++;
                }
                if (i < t.length && start(t[i])) {
                    defines.add(identifier());
                }
            }
        }

        private void literal(char quote) {
            i++;
            while (i < t.length && t[i] != quote && t[i] != '\n') {
                i += t[i] == '\\' ? 2 : 1;
            }
            i++;
        }

        private String identifier() {
            int s = i;
            while (i < t.length && (Character.isLetterOrDigit(t[i]) || t[i] == '_' || t[i] == '$')) {
                i++;
            }
            return new String(t, s, i - s);
        }

        private static boolean start(char c) {
            return Character.isLetter(c) || c == '_' || c == '$';
        }

        private void skipLine() {
            while (i < t.length && t[i] != '\n') {
                if (t[i] == '\\' && i + 1 < t.length && t[i + 1] == '\n') {
                    i++;
                }
                i++;
            }
        }

        private int indexOf(String s, int from) {
            outer:
            for (int k = from; k <= t.length - s.length(); k++) {
                for (int j = 0; j < s.length(); j++) {
                    if (t[k + j] != s.charAt(j)) {
                        continue outer;
                    }
                }
                return k;
            }
            return -1;
        }
    }
}
