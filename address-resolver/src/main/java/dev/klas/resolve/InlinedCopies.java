package dev.klas.resolve;

import dev.klas.resolve.dwarf.AddressRange;
import dev.klas.resolve.dwarf.Die;
import dev.klas.resolve.dwarf.DwAt;
import dev.klas.resolve.dwarf.DwTag;
import dev.klas.resolve.dwarf.DwarfInfo;
import dev.klas.resolve.dwarf.LineTable;
import dev.klas.resolve.dwarf.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Where a function runs besides its own symbol: the entries of its inlined copies ({@code DW_TAG_inlined_subroutine}
 * whose abstract origin is the function, DWARF5 3.3.8.2), and which source file declares the function at an address,
 * so that two static functions of one name in different files are told apart. Only units whose line table names
 * the function's file are searched.
 */
public final class InlinedCopies {
    private final DwarfInfo dwarf;

    public InlinedCopies(DwarfInfo dwarf) {
        this.dwarf = dwarf;
    }

    /**
     * The entry addresses of the inlined copies of {@code function} declared in a file matching {@code file} (a path
     * or a suffix of whole components): {@code DW_AT_entry_pc}, else the lowest address of the copy's ranges. A copy
     * that kept no code has no entry.
     */
    public List<Long> entries(String function, String file) {
        TreeSet<Long> out = new TreeSet<>();
        for (Unit u : dwarf.units()) {
            if (!names(u, file)) {
                continue;
            }
            for (Die d : u.dies()) {
                if (d.tag() == DwTag.INLINED_SUBROUTINE && function.equals(d.effectiveName().orElse(null))
                        && declaredIn(d, file)) {
                    entry(d).ifPresent(out::add);
                }
            }
        }
        return new ArrayList<>(out);
    }

    /**
     * Whether the subprogram containing {@code address} is declared in a file matching {@code file}; true when DWARF
     * does not say (no subprogram covers the address, or it carries no {@code DW_AT_decl_file}).
     */
    public boolean declaredAt(long address, String file) {
        for (var e : dwarf.aranges()) {
            if (Long.compareUnsigned(address - e.start(), e.length()) >= 0) {
                continue;
            }
            Optional<Unit> u = dwarf.unitAt(e.unitOffset());
            if (u.isEmpty() || !u.get().root().hasChildren()) {
                continue;
            }
            for (Die d : u.get().dies().get(0).children()) {
                if (d.tag() == DwTag.SUBPROGRAM && d.ranges().stream().anyMatch(r -> r.contains(address))) {
                    return declFile(d).map(f -> matches(f, file)).orElse(true);
                }
            }
        }
        return true;
    }

    private static boolean declaredIn(Die d, String file) {
        return declFile(d).map(f -> matches(f, file)).orElse(false);
    }

    /** {@code DW_AT_decl_file} of the DIE or of its abstract origin / specification, as a path. */
    private static Optional<String> declFile(Die die) {
        Die d = die;
        for (int hops = 0; hops < 8; hops++) {
            OptionalLong n = d.number(DwAt.DECL_FILE);
            if (n.isPresent()) {
                return d.unit().filePath(n.getAsLong());
            }
            Die cur = d;
            Optional<Die> next = cur.reference(DwAt.ABSTRACT_ORIGIN).or(() -> cur.reference(DwAt.SPECIFICATION));
            if (next.isEmpty()) {
                return Optional.empty();
            }
            d = next.get();
        }
        return Optional.empty();
    }

    private static Optional<Long> entry(Die d) {
        OptionalLong pc = d.address(DwAt.ENTRY_PC);
        if (pc.isPresent()) {
            return Optional.of(pc.getAsLong());
        }
        return d.ranges().stream().filter(r -> r.end() > r.start()).map(AddressRange::start).min(Long::compareUnsigned);
    }

    private static boolean names(Unit u, String file) {
        Optional<LineTable> t = u.lineTable();
        if (t.isEmpty()) {
            return false;
        }
        int base = t.get().fileIndexBase();
        for (int i = 0; i < t.get().files().size(); i++) {
            Optional<String> p = u.filePath(base + i);
            if (p.isPresent() && matches(p.get(), file)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code path} is {@code query} or ends with it at a path component boundary. */
    static boolean matches(String path, String query) {
        return path.equals(query) || (!query.startsWith("/") && path.endsWith("/" + query));
    }
}
