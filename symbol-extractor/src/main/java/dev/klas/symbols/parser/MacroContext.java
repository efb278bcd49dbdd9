package dev.klas.symbols.parser;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.cdt.core.parser.ISignificantMacros;
import org.eclipse.cdt.core.parser.util.CharArrayObjectMap;
import org.eclipse.cdt.internal.core.parser.scanner.SignificantMacros;

/**
 * A header's macro context as text: CDT's significant macros of an inclusion and the identifiers of the header that
 * were no macro there ({@link HeaderFacts}), one line each, sorted, so equal contexts are equal strings whatever
 * order the preprocessor met the macros in. {@code NAME=value} (the value CDT keeps, shortened for long ones),
 * {@code defined NAME}, {@code undefined NAME}; a backslash or line break in a value is written {@code \\} or
 * {@code \n}. A header with an include guard has one too: klas, not CDT, skips it when its guard is defined.
 */
final class MacroContext {
    private static final String DEFINED = "defined ";
    private static final String UNDEFINED = "undefined ";
    /**
     * Kbuild's per-unit names, always one string literal ({@code -DKBUILD_MODNAME='"tcp"'}): only whether they are
     * defined is part of a context. Their text cannot change a member access, and with their values every header
     * whose bodies print (pr_debug, WARN, the dynamic-debug macros) would have a context per unit.
     */
    static final Set<String> UNIT_STRINGS = Set.of("KBUILD_MODNAME", "KBUILD_BASENAME", "KBUILD_MODFILE");
    /** Parsed contexts, shared by all units: the same few are tested at every inclusion of their header. */
    private static final Map<String, ISignificantMacros> PARSED = new ConcurrentHashMap<>();

    private MacroContext() {
    }

    static String text(ISignificantMacros macros) {
        return text(macros, List.of());
    }

    /**
     * @param undefined identifiers that were no macro where the header was included: {@code undefined NAME} for each
     *                  that {@code macros} does not name
     */
    static String text(ISignificantMacros macros, List<String> undefined) {
        List<String> lines = new ArrayList<>();
        Set<String> named = new HashSet<>();
        if (macros != null) {
            add(macros, lines, named);
        }
        for (String name : undefined) {
            if (named.add(name)) {
                lines.add(UNDEFINED + name);
            }
        }
        lines.sort(null);
        return String.join("\n", lines);
    }

    private static void add(ISignificantMacros macros, List<String> lines, Set<String> named) {
        macros.accept(new ISignificantMacros.IVisitor() {
            @Override
            public boolean visitDefined(char[] name) {
                lines.add(DEFINED + new String(name));
                named.add(new String(name));
                return true;
            }

            @Override
            public boolean visitUndefined(char[] name) {
                lines.add(UNDEFINED + new String(name));
                named.add(new String(name));
                return true;
            }

            @Override
            public boolean visitValue(char[] name, char[] value) {
                String n = new String(name);
                lines.add(UNIT_STRINGS.contains(n) ? DEFINED + n
                        : n + "=" + new String(value).replace("\\", "\\\\").replace("\n", "\\n"));
                named.add(n);
                return true;
            }
        });
    }

    static ISignificantMacros parse(String text) {
        return PARSED.computeIfAbsent(text, MacroContext::parseNew);
    }

    private static ISignificantMacros parseNew(String text) {
        CharArrayObjectMap<char[]> map = new CharArrayObjectMap<>(8);
        if (!text.isEmpty()) {
            for (String line : text.split("\n")) {
                if (line.startsWith(DEFINED)) {
                    map.put(line.substring(DEFINED.length()).toCharArray(), SignificantMacros.DEFINED);
                } else if (line.startsWith(UNDEFINED)) {
                    map.put(line.substring(UNDEFINED.length()).toCharArray(), SignificantMacros.UNDEFINED);
                } else {
                    int eq = line.indexOf('=');
                    map.put(line.substring(0, eq).toCharArray(), unescape(line.substring(eq + 1)).toCharArray());
                }
            }
        }
        return map.isEmpty() ? ISignificantMacros.NONE : new SignificantMacros(map);
    }

    private static String unescape(String v) {
        if (v.indexOf('\\') < 0) {
            return v;
        }
        StringBuilder out = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch == '\\' && i + 1 < v.length()) {
                char next = v.charAt(++i);
                out.append(next == 'n' ? '\n' : next);
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
