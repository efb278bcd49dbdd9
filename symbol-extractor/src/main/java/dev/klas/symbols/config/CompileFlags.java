package dev.klas.symbols.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The preprocessor-relevant part of one compiler invocation, paths absolute.
 *
 * @param compiler      the compiler executable as written (e.g. {@code gcc}); used to discover predefined macros
 * @param quoteIncludes {@code -iquote} directories (searched for {@code #include "..."} only)
 * @param includes      {@code -I} directories
 * @param systemIncludes {@code -isystem} and {@code -idirafter} directories
 * @param macros        {@code -D} and {@code -U} in command-line order
 * @param forcedIncludes {@code -include} files
 * @param probeFlags    flags that change the compiler's predefined macros or default include dirs
 *                      ({@code -std}, {@code -m*}, {@code -f*}, {@code -O*}, {@code -nostdinc}, ...)
 */
public record CompileFlags(String compiler, List<Path> quoteIncludes, List<Path> includes, List<Path> systemIncludes,
                           List<MacroOption> macros, List<Path> forcedIncludes, List<String> probeFlags) {
    public CompileFlags {
        quoteIncludes = List.copyOf(quoteIncludes);
        includes = List.copyOf(includes);
        systemIncludes = List.copyOf(systemIncludes);
        macros = List.copyOf(macros);
        forcedIncludes = List.copyOf(forcedIncludes);
        probeFlags = List.copyOf(probeFlags);
    }

    /** {@code -D name[=value]} ({@code defined} true) or {@code -U name}. */
    public record MacroOption(String name, String value, boolean defined) {
        public static MacroOption define(String option) {
            int eq = option.indexOf('=');
            return eq < 0 ? new MacroOption(option, "1", true)
                    : new MacroOption(option.substring(0, eq), option.substring(eq + 1), true);
        }

        public static MacroOption undefine(String name) {
            return new MacroOption(name, "", false);
        }
    }

    /** True when the compiler's default system include dirs must not be searched. */
    public boolean noStdInc() {
        return probeFlags.contains("-nostdinc");
    }

    public Map<String, String> definedMacros(Map<String, String> predefined) {
        Map<String, String> all = new java.util.LinkedHashMap<>(predefined);
        for (MacroOption m : macros) {
            if (m.defined()) {
                all.put(m.name(), m.value());
            } else {
                all.remove(m.name());
            }
        }
        return all;
    }
}
