package dev.klas.resolve;

import dev.klas.resolve.dwarf.AddressIntervals;
import dev.klas.resolve.dwarf.AddressRange;
import dev.klas.resolve.dwarf.Die;
import dev.klas.resolve.dwarf.DwAt;
import dev.klas.resolve.dwarf.DwTag;
import dev.klas.resolve.dwarf.DwarfInfo;
import dev.klas.resolve.dwarf.Unit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The inline chain at an address: the concrete subprogram containing it and every inlined subroutine nested
 * inside it that also contains it (DWARF5 3.3.8.2), innermost first.
 */
public final class InlineChains {
    private final DwarfInfo dwarf;
    private final Map<Long, SubprogramIndex> subprograms = new ConcurrentHashMap<>();

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
            if (!u.root().hasChildren()) {
                continue;
            }
            long[] hits = subprograms(u).at(address);
            if (hits.length > 0) {
                return u.dieAt(hits[0]);
            }
        }
        return Optional.empty();
    }

    /**
     * The code ranges of the unit's top-level subprograms (the root's children), each with its subprogram's offset,
     * found by one scan that builds no tree. Subprograms come in section order, so the first one containing an
     * address is the one a walk over the root's children finds first.
     */
    private SubprogramIndex subprograms(Unit u) {
        return subprograms.computeIfAbsent(u.offset(), k -> {
            List<AddressRange> ranges = new ArrayList<>();
            List<Long> owners = new ArrayList<>();
            u.forEachDie(tag -> tag == DwTag.SUBPROGRAM, (d, depth) -> {
                if (depth == 1) {
                    for (AddressRange r : d.ranges()) {
                        ranges.add(r);
                        owners.add(d.offset());
                    }
                }
            });
            return new SubprogramIndex(new AddressIntervals(ranges.stream().mapToLong(AddressRange::start).toArray(),
                    ranges.stream().mapToLong(AddressRange::end).toArray()),
                    owners.stream().mapToLong(Long::longValue).toArray());
        });
    }

    /** Code ranges of top-level subprograms and, per range, the offset of its subprogram. */
    private record SubprogramIndex(AddressIntervals ranges, long[] owners) {
        /** The offsets of the subprograms containing {@code address}, in section order. */
        long[] at(long address) {
            int[] hits = ranges.at(address);
            long[] out = new long[hits.length];
            for (int i = 0; i < hits.length; i++) {
                out[i] = owners[hits[i]];
            }
            return out;
        }
    }

    private List<Unit> candidateUnits(long address) {
        List<Unit> out = new ArrayList<>();
        for (var e : dwarf.arangesAt(address)) {
            dwarf.unitAt(e.unitOffset()).ifPresent(out::add);
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
