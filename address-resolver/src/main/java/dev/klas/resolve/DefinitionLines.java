package dev.klas.resolve;

import dev.klas.resolve.dwarf.DwAt;
import dev.klas.resolve.dwarf.DwTag;
import dev.klas.resolve.dwarf.DwarfInfo;
import dev.klas.resolve.dwarf.Unit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The lines at which a binary's DWARF says the functions of a source file are defined: for each compile unit built
 * from the file ({@code DW_AT_comp_dir}/{@code DW_AT_name} ends with it), each {@code DW_TAG_subprogram} that is not
 * a declaration and carries its own {@code DW_AT_name}, {@code DW_AT_decl_file} (that file) and
 * {@code DW_AT_decl_line} (DWARF5 2.14). Comparing them with the lines a symbol table read from the source tells
 * whether the binary was built from that text.
 */
public final class DefinitionLines {
    private final DwarfInfo dwarf;
    private List<BuiltFrom> units;

    /** A compile unit with the normalized absolute path of the file it was built from. */
    private record BuiltFrom(Unit unit, String path) {
    }

    public DefinitionLines(DwarfInfo dwarf) {
        this.dwarf = dwarf;
    }

    /** The units that are not type units, with their paths: computed once, asked once per file. */
    private synchronized List<BuiltFrom> units() {
        if (units == null) {
            List<BuiltFrom> out = new ArrayList<>();
            for (Unit u : dwarf.units()) {
                if (u.unitType() == Unit.DW_UT_TYPE || u.unitType() == Unit.DW_UT_SPLIT_TYPE) {
                    continue;
                }
                u.name().ifPresent(n -> out.add(new BuiltFrom(u, Paths.normalize(absolute(u, n)))));
            }
            units = out;
        }
        return units;
    }

    /**
     * Function name to the lines of its definitions in {@code file} (a path, or a suffix of whole components); empty
     * when no compile unit of the binary was built from the file.
     */
    public Map<String, Set<Integer>> of(String file) {
        String wanted = Paths.normalize(file);
        Map<String, Set<Integer>> out = new HashMap<>();
        for (BuiltFrom b : units()) {
            if (!Paths.names(b.path(), wanted)) {
                continue;
            }
            Unit u = b.unit();
            u.forEachDie(tag -> tag == DwTag.SUBPROGRAM, (d, depth) -> {
                if (d.has(DwAt.DECLARATION)) {
                    return;
                }
                Optional<String> name = d.name();
                OptionalLong line = d.number(DwAt.DECL_LINE);
                OptionalLong fileIndex = d.number(DwAt.DECL_FILE);
                if (name.isEmpty() || line.isEmpty() || fileIndex.isEmpty()) {
                    return;
                }
                Optional<String> declared = u.filePath(fileIndex.getAsLong());
                if (declared.isPresent() && Paths.names(Paths.normalize(declared.get()), wanted)) {
                    out.computeIfAbsent(name.get(), k -> new TreeSet<>()).add((int) line.getAsLong());
                }
            });
        }
        return out;
    }

    private static String absolute(Unit u, String name) {
        return name.startsWith("/") ? name : u.compDir().map(d -> d + "/" + name).orElse(name);
    }
}
