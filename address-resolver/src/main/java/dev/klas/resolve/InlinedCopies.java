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
    private final InlineChains chains;

    public InlinedCopies(DwarfInfo dwarf, InlineChains chains) {
        this.dwarf = dwarf;
        this.chains = chains;
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
        return chains.subprogramAt(address).flatMap(InlinedCopies::declFile).map(f -> in(f, file)).orElse(true);
    }

    /** Whether {@code d} (or its abstract origin) is declared in a file matching {@code file}. */
    public static boolean declaredIn(Die d, String file) {
        return declFile(d).map(f -> in(f, file)).orElse(false);
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
            if (p.isPresent() && in(p.get(), file)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the DWARF file {@code path} is the shadow's {@code file} (a path or a suffix of whole components). */
    private static boolean in(String path, String file) {
        return Paths.names(Paths.normalize(path), Paths.normalize(file));
    }
}
