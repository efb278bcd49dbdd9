package dev.klas.symbols.parser;

import dev.klas.symbols.Diagnostic;
import dev.klas.symbols.HeaderContext;
import dev.klas.symbols.Shadow;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What parsing one translation unit produced. Never holds CDT types.
 *
 * @param mainFile    the source file, relative to the root
 * @param shadows     shadows of the main file and of the headers that were asked for
 * @param files       every file read (main file and headers), relative to the root, with its content hash
 * @param headerShadows the shadows of the header function bodies parsed in this unit (keys not yet recorded)
 * @param contexts    the header contexts of which the unit met a function body (parsed or skipped)
 * @param bodyKeys    the keys of the header bodies parsed in this unit, by header context ({@link BodyKey})
 * @param warnings    parse problems and unresolved member accesses, with positions
 * @param unresolved  member accesses whose struct could not be determined
 * @param failure     why the unit produced nothing, when it failed as a whole
 * @param missingIncludes includes that found no file
 */
public record UnitResult(String mainFile, List<Shadow> shadows, Map<String, String> files,
                         Map<HeaderContext, List<Shadow>> headerShadows, Set<HeaderContext> contexts,
                         Map<HeaderContext, Set<String>> bodyKeys,
                         List<Diagnostic> warnings, int unresolved, Optional<String> failure,
                         List<MissingInclude> missingIncludes) {
    public UnitResult {
        missingIncludes = List.copyOf(missingIncludes);
    }

    public static UnitResult failed(String mainFile, String reason) {
        return new UnitResult(mainFile, List.of(), Map.of(), Map.of(), Set.of(), Map.of(), List.of(), 0,
                Optional.of(reason), List.of());
    }

    /** The headers (relative) whose function bodies were walked, each once, in order. */
    public List<String> headersDone() {
        return headerShadows.keySet().stream().map(HeaderContext::path).distinct().toList();
    }
}
