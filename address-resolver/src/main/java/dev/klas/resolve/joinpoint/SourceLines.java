package dev.klas.resolve.joinpoint;

import dev.klas.resolve.LineLocation;
import dev.klas.resolve.LineLookup;
import dev.klas.resolve.dwarf.LineFile;
import dev.klas.resolve.dwarf.LineRow;
import dev.klas.resolve.dwarf.LineTable;
import dev.klas.resolve.dwarf.Unit;
import dev.klas.resolve.elf.ElfSymbol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The lines of a function or of a file that can take a hook, like {@code perf probe -L}. */
public final class SourceLines {
    private SourceLines() {
    }

    /** A function's own lines (those of the file it is defined in) from its first to its last line with code. */
    public record FunctionLines(String function, long address, String file, List<SourceLine> lines) {
        public FunctionLines {
            lines = List.copyOf(lines);
        }
    }

    /**
     * Reads only the line table of the unit that covers the function (found through {@code .debug_aranges}), so
     * that it stays fast on a kernel image.
     */
    public static Optional<FunctionLines> ofFunction(Binary binary, String name) {
        Optional<ElfSymbol> symbol = symbol(binary, name);
        if (symbol.isEmpty()) {
            return Optional.empty();
        }
        long start = symbol.get().value();
        long end = start + Math.max(1, symbol.get().size());
        Optional<LineTable> table = binary.unitAt(start).flatMap(Unit::lineTable);
        if (table.isEmpty()) {
            return Optional.empty();
        }
        List<LineRow> rows = new ArrayList<>();
        table.get().forEachRow(r -> {
            if (!r.endSequence() && r.line() > 0 && r.address() >= start && r.address() < end) {
                rows.add(r);
            }
        });
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        rows.sort(java.util.Comparator.comparingLong(LineRow::address));
        int file = rows.get(0).file();
        TreeMap<Integer, List<Long>> byLine = new TreeMap<>();
        LineRow previous = null;
        for (LineRow r : rows) {
            if (r.file() == file && (previous == null || previous.line() != r.line() || previous.file() != file)) {
                List<Long> at = byLine.computeIfAbsent(r.line(), k -> new ArrayList<>());
                if (!at.contains(r.address())) {
                    at.add(r.address());
                }
            }
            previous = r;
        }
        String path = table.get().file(file).map(LineFile::path).orElse("?");
        List<SourceLine> lines = new ArrayList<>();
        for (int l = byLine.firstKey(); l <= byLine.lastKey(); l++) {
            lines.add(new SourceLine(path, l, byLine.getOrDefault(l, List.of())));
        }
        return Optional.of(new FunctionLines(symbol.get().name(), start, path, lines));
    }

    /** Lines {@code from}..{@code to} of a file (matched by path suffix over every line table). */
    public static List<SourceLine> ofFile(Binary binary, String file, int from, int to) {
        List<SourceLine> out = new ArrayList<>();
        for (int l = from; l <= to; l++) {
            LineLookup lookup = binary.lines().lookup(file, l);
            List<Long> at = new ArrayList<>();
            String path = file;
            if (lookup instanceof LineLookup.Found f) {
                for (LineLocation loc : f.locations()) {
                    at.add(loc.address());
                    path = loc.file();
                }
            } else if (lookup instanceof LineLookup.NoCode n) {
                path = n.file();
            }
            at.sort(Long::compareUnsigned);
            out.add(new SourceLine(path, l, at));
        }
        return out;
    }

    private static Optional<ElfSymbol> symbol(Binary binary, String name) {
        List<ElfSymbol> syms = binary.symbols();
        Map<String, ElfSymbol> candidates = new TreeMap<>();
        for (ElfSymbol s : syms) {
            if (s.isFunction() && s.value() != 0 && (s.name().equals(name) || s.name().startsWith(name + "."))) {
                candidates.putIfAbsent(s.name(), s);
            }
        }
        return candidates.containsKey(name) ? Optional.of(candidates.get(name))
                : candidates.values().stream().findFirst();
    }
}
