package dev.klas.resolve.joinpoint;

import dev.klas.resolve.dwarf.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The function whose machine code holds an address once inlining is done: the outermost function there, not the one
 * an inlined copy came from. What {@code runsin(f)} and {@code runsinfile("glob")} are decided on.
 *
 * @param function the concrete {@code DW_TAG_subprogram} whose ranges hold the address, by its source name (a gcc
 *                 clone such as {@code f.part.0} names {@code f} through {@code DW_AT_abstract_origin}); empty where
 *                 DWARF has no subprogram for the address
 * @param symbol   the ELF code symbol holding the address, as {@code objdump -d} labels it ({@code f.part.0})
 * @param unit     that subprogram's compile unit ({@code DW_AT_name}, joined to {@code DW_AT_comp_dir} when
 *                 relative); the unit {@code .debug_aranges} gives for the address when there is no subprogram
 */
public record CodeOwner(Optional<String> function, Optional<String> symbol, Optional<String> unit) {

    /**
     * The names a {@code runsin} pattern is matched against: the subprogram's name and the symbol's name less gcc's
     * suffixes ({@code .part.0}, {@code .isra.0}, {@code .constprop.0}, {@code .cold}: everything from the first dot,
     * which no C name has), each once.
     */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        function.ifPresent(out::add);
        symbol.map(CodeOwner::withoutCloneSuffix).filter(s -> !out.contains(s)).ifPresent(out::add);
        return out;
    }

    static String withoutCloneSuffix(String symbol) {
        int dot = symbol.indexOf('.', 1);
        return dot < 0 ? symbol : symbol.substring(0, dot);
    }

    /** A unit's source path: its name, under its compilation directory when the name is relative. */
    static Optional<String> path(Unit unit) {
        return unit.name().map(name -> name.startsWith("/") || unit.compDir().isEmpty() ? name
                : unit.compDir().get() + (unit.compDir().get().endsWith("/") ? "" : "/")
                + (name.startsWith("./") ? name.substring(2) : name));
    }
}
