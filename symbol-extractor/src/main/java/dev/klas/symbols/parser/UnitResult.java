package dev.klas.symbols.parser;

import dev.klas.symbols.Diagnostic;
import dev.klas.symbols.Shadow;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What parsing one translation unit produced. Never holds CDT types.
 *
 * @param mainFile    the source file, relative to the root
 * @param shadows     shadows of the main file and of the headers that were asked for
 * @param files       every file read (main file and headers), relative to the root, with its content hash
 * @param headersDone headers (relative) whose function bodies were walked for shadows in this unit
 * @param warnings    parse problems and unresolved member accesses, with positions
 * @param unresolved  member accesses whose struct could not be determined
 * @param failure     why the unit produced nothing, when it failed as a whole
 * @param missingIncludes includes that found no file
 */
public record UnitResult(String mainFile, List<Shadow> shadows, Map<String, String> files, List<String> headersDone,
                         List<Diagnostic> warnings, int unresolved, Optional<String> failure,
                         List<MissingInclude> missingIncludes) {
    public UnitResult {
        missingIncludes = List.copyOf(missingIncludes);
    }

    public static UnitResult failed(String mainFile, String reason) {
        return new UnitResult(mainFile, List.of(), Map.of(), List.of(), List.of(), 0, Optional.of(reason), List.of());
    }
}
