package dev.klas.weaver;

import dev.klas.resolve.DefinitionLines;
import dev.klas.resolve.joinpoint.Binary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Whether a binary was built from the source text a symbol table read. The table knows the line of every function
 * definition of each file the pointcut selects shadows in; the binary's DWARF knows them too
 * ({@link DefinitionLines}). A function at another line in the binary means the binary was built from another
 * version of the file (edited and extracted again, but not rebuilt; or a table of another tree): line and column
 * hooks would land on other code, so the weave is refused, naming the functions.
 *
 * <p>Only names that both sides define once in the file are compared; a file the binary has no unit for (a header,
 * a unit not linked in) is not checked here — {@link Weaver#refuseStale} compares the sources with the table.
 *
 * @param definitions file (as the table names it) to function name to the line the table read
 */
record SourceVersion(Map<String, Map<String, Integer>> definitions) {
    static final SourceVersion NONE = new SourceVersion(Map.of());

    SourceVersion {
        definitions = Map.copyOf(definitions);
    }

    /**
     * What the comparison found: how many definitions both sides have, and each one the binary has at another line
     * ({@code name at file:line in the table, line N in the binary}) with the files they are in.
     */
    record Comparison(int compared, List<String> moved, List<String> files) {
    }

    /** Compares the table's definition lines with {@code binary}'s DWARF. */
    Comparison compare(Binary binary) {
        DefinitionLines dwarf = new DefinitionLines(binary.dwarf());
        int compared = 0;
        List<String> moved = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, Map<String, Integer>> file : new TreeMap<>(definitions).entrySet()) {
            Map<String, Set<Integer>> built = dwarf.of(file.getKey());
            int before = moved.size();
            for (Map.Entry<String, Integer> f : new TreeMap<>(file.getValue()).entrySet()) {
                Set<Integer> lines = built.get(f.getKey());
                if (lines == null || lines.size() != 1) {
                    continue;
                }
                compared++;
                if (!lines.contains(f.getValue())) {
                    moved.add(f.getKey() + " at " + file.getKey() + ":" + f.getValue() + " in the table, line "
                            + lines.iterator().next() + " in the binary");
                }
            }
            if (moved.size() > before) {
                files.add(file.getKey());
            }
        }
        return new Comparison(compared, moved, files);
    }

    /** Refuses {@code binary} when a function of a selected file is defined at another line than the table says. */
    void check(Binary binary, Path binaryFile, Path table) throws WeaveException {
        if (definitions.isEmpty()) {
            return;
        }
        Comparison c = compare(binary);
        List<String> moved = c.moved();
        if (!moved.isEmpty()) {
            String shown = String.join("; ", moved.subList(0, Math.min(3, moved.size())))
                    + (moved.size() > 3 ? "; and " + (moved.size() - 3) + " more" : "");
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, binaryFile + " was not built from the source"
                    + " that " + table + " read (" + String.join(", ", c.files()) + "): " + shown + ". Its hooks"
                    + " would land on other code: rebuild " + binaryFile.getFileName() + " from these sources, or"
                    + " extract the sources it was built from");
        }
    }
}
