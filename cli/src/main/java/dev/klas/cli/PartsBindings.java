package dev.klas.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The bindings the program-parts runtime of a running process interposed in the GOT of the inspected object
 * (docs/PARTS.md): the symbol records of its table whose caller segment is that file. A binding is one (caller,
 * symbol) pair; {@code slots} are its GOT slots (JUMP_SLOT and GLOB_DAT relocations) pointing at the trampoline.
 */
record PartsBindings(int pid, String segment, List<Binding> bindings) {

    /** One interposed binding: the symbol, the segment whose definition it calls, its GOT slots, active or not. */
    record Binding(String symbol, String to, int slots, boolean active) {
    }

    static PartsBindings of(int pid, Path file) {
        PartsTable.Snapshot s = PartsTarget.of(pid).snapshot();
        Path real = real(file.toString());
        PartsTable.Segment segment = s.segments().stream().filter(x -> x.loaded() && real(x.path()).equals(real))
                .findFirst().orElseThrow(() -> new KlasException(ExitCode.INVALID_INPUT, "process " + pid
                        + " has no segment loaded from " + file + " (it has " + s.segments().stream()
                        .filter(PartsTable.Segment::loaded).map(PartsTable.Segment::path)
                        .collect(Collectors.joining(", ")) + ")"));
        Map<Integer, String> names = s.segments().stream()
                .collect(Collectors.toMap(PartsTable.Segment::index, PartsTable.Segment::name, (a, b) -> a));
        List<Binding> out = s.symbols().stream().filter(y -> y.from() == segment.index())
                .map(y -> new Binding(y.name(), names.getOrDefault(y.to(), "#" + y.to()), y.slots(),
                        (y.flags() & 1) != 0))
                .sorted(Comparator.comparing(Binding::symbol).thenComparing(Binding::to)).toList();
        return new PartsBindings(pid, segment.name(), out);
    }

    int slots() {
        return bindings.stream().mapToInt(Binding::slots).sum();
    }

    private static Path real(String path) {
        try {
            return Path.of(path).toRealPath();
        } catch (IOException | RuntimeException e) {
            return Path.of(path).toAbsolutePath().normalize();
        }
    }
}
