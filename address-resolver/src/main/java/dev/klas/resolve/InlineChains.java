package dev.klas.resolve;

import dev.klas.resolve.dwarf.AddressRange;
import dev.klas.resolve.dwarf.Die;
import dev.klas.resolve.dwarf.DwAt;
import dev.klas.resolve.dwarf.DwTag;
import dev.klas.resolve.dwarf.DwarfInfo;
import dev.klas.resolve.dwarf.Unit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The inline chain at an address: the concrete subprogram containing it and every inlined subroutine nested
 * inside it that also contains it (DWARF5 3.3.8.2), innermost first.
 */
public final class InlineChains {
    private final DwarfInfo dwarf;

    public InlineChains(DwarfInfo dwarf) {
        this.dwarf = dwarf;
    }

    /** The frames at {@code address}, innermost first; empty when no subprogram contains it. */
    public List<InlineFrame> at(long address) {
        return subprogramAt(address).map(d -> {
            List<InlineFrame> frames = new ArrayList<>();
            frames.add(frame(d, false));
            descend(d, address, frames);
            Collections.reverse(frames);
            return frames;
        }).orElse(List.of());
    }

    /** The concrete subprogram ({@code DW_TAG_subprogram} of a unit's top level) whose code contains {@code address}. */
    public Optional<Die> subprogramAt(long address) {
        for (Unit u : candidateUnits(address)) {
            for (Die d : u.root().hasChildren() ? u.dies().get(0).children() : List.<Die>of()) {
                if (d.tag() == DwTag.SUBPROGRAM && contains(d, address)) {
                    return Optional.of(d);
                }
            }
        }
        return Optional.empty();
    }

    private List<Unit> candidateUnits(long address) {
        List<Unit> out = new ArrayList<>();
        for (var e : dwarf.aranges()) {
            if (Long.compareUnsigned(address - e.start(), e.length()) < 0) {
                dwarf.unitAt(e.unitOffset()).ifPresent(out::add);
            }
        }
        if (out.isEmpty()) {
            for (Unit u : dwarf.units()) {
                if (contains(u.root(), address)) {
                    out.add(u);
                }
            }
        }
        return out;
    }

    private static boolean contains(Die d, long address) {
        for (AddressRange r : d.ranges()) {
            if (r.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static void descend(Die d, long address, List<InlineFrame> frames) {
        for (Die c : d.children()) {
            int tag = c.tag();
            if (tag == DwTag.INLINED_SUBROUTINE && contains(c, address)) {
                frames.add(frame(c, true));
                descend(c, address, frames);
                return;
            }
            if (tag == DwTag.LEXICAL_BLOCK && (contains(c, address) || c.ranges().isEmpty())) {
                int before = frames.size();
                descend(c, address, frames);
                if (frames.size() > before) {
                    return;
                }
            }
        }
    }

    private static InlineFrame frame(Die d, boolean inlined) {
        String name = d.effectiveName().orElse("??");
        if (!inlined) {
            return new InlineFrame(name, false, Optional.empty(), 0, 0);
        }
        Optional<String> file = d.number(DwAt.CALL_FILE).isPresent()
                ? d.unit().filePath(d.number(DwAt.CALL_FILE).getAsLong()) : Optional.empty();
        return new InlineFrame(name, true, file, (int) d.number(DwAt.CALL_LINE).orElse(0),
                (int) d.number(DwAt.CALL_COLUMN).orElse(0));
    }
}
