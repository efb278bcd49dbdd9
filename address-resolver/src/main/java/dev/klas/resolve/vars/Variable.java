package dev.klas.resolve.vars;

import dev.klas.resolve.dwarf.Die;
import dev.klas.resolve.dwarf.Location;
import java.util.Optional;

/**
 * A variable visible at an address.
 *
 * @param die       the DIE that holds its location (a concrete or inlined instance, or a global's definition)
 * @param type      its type DIE, following {@code DW_AT_abstract_origin}/{@code DW_AT_specification}; empty when
 *                  the DIE names none
 * @param function  the concrete subprogram whose frame holds it (its {@code DW_AT_frame_base}); empty for globals
 */
public record Variable(String name, Kind kind, Die die, Optional<Die> type, Location location,
                       Optional<Die> function) {
    public enum Kind { PARAMETER, LOCAL, GLOBAL }
}
