package dev.klas.weaver;

import dev.klas.schema.Aspect;
import dev.klas.schema.Pointcut;
import dev.klas.schema.PointcutPrinter;
import dev.klas.schema.Pointcuts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The segment-call aspects checked against the objects a program declares: the program ({@code main}) and its
 * DT_NEEDED objects, transitively, found as the dynamic linker would. A segment-call needs a caller matching
 * {@code from} that imports a function matching {@code function} which an object matching {@code to} defines.
 * When nothing declared fits, the call can still happen if an object is loaded with {@code dlopen}: a program that
 * imports dlopen gets a note, any other a problem (the weave reports it as unresolved, or as nothing matched when
 * no aspect fits at all).
 */
final class SegmentTargets {
    private static final int MAX_OBJECTS = 128;

    /** One declared object: the name the runtime gives it ("main", else soname or file name) and its file. */
    record Part(String name, Path path, Optional<Needed> elf) {
        boolean matches(String glob) {
            String base = String.valueOf(path.getFileName());
            return Fnmatch.matches(glob, name) || (!name.equals("main")
                    && (Fnmatch.matches(glob, path.toString()) || Fnmatch.matches(glob, base)));
        }
    }

    /** What the check found: one summary line per segment-call, problems and notes. */
    record Result(List<String> summary, List<String> problems, List<String> notes, int unmatchedAspects) {
    }

    private SegmentTargets() {
    }

    static Result check(Path binary, List<Aspect> aspects) throws WeaveException {
        List<Part> parts = parts(binary);
        boolean dlopen = parts.stream().anyMatch(p -> p.elf().map(Needed::importsDlopen).orElse(false));
        List<String> summary = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int unmatched = 0;
        for (Aspect a : aspects) {
            boolean any = false;
            for (Pointcut.SegmentCall s : Pointcuts.segmentCalls(a.pointcut())) {
                String what = a.position() + ": aspect " + a.name() + ": " + PointcutPrinter.print(s);
                Optional<String> why = match(s, parts, summary, what);
                if (why.isEmpty()) {
                    any = true;
                } else if (dlopen) {
                    notes.add(what + ": " + why.get() + "; it may still match an object the program loads with"
                            + " dlopen");
                    any = true;
                } else {
                    problems.add(what + ": " + why.get() + " (and the program does not import dlopen)");
                }
            }
            unmatched += any ? 0 : 1;
        }
        return new Result(summary, problems, notes, unmatched);
    }

    /** Empty when the call can happen between declared objects (summary line added), else why not. */
    private static Optional<String> match(Pointcut.SegmentCall s, List<Part> parts, List<String> summary, String what) {
        List<Part> from = parts.stream().filter(p -> p.matches(s.from().text())).toList();
        List<Part> to = parts.stream().filter(p -> p.matches(s.to().text())).toList();
        String declared = String.join(", ", parts.stream().map(Part::name).toList());
        if (from.isEmpty()) {
            return Optional.of("\"" + s.from() + "\" matches none of the declared objects (" + declared + ")");
        }
        if (to.isEmpty()) {
            return Optional.of("\"" + s.to() + "\" matches none of the declared objects (" + declared + ")");
        }
        Map<String, TreeSet<String>> pairs = new LinkedHashMap<>();
        boolean unknown = false;
        for (Part f : from) {
            for (Part t : to) {
                if (f == t) {
                    continue;
                }
                if (f.elf().isEmpty() || t.elf().isEmpty()) {
                    unknown = true;
                    pairs.computeIfAbsent(f.name() + " -> " + t.name(), k -> new TreeSet<>()).add("?");
                    continue;
                }
                for (String sym : f.elf().get().imports()) {
                    if (s.function().matches(sym) && t.elf().get().exports().contains(sym)) {
                        pairs.computeIfAbsent(f.name() + " -> " + t.name(), k -> new TreeSet<>()).add(sym);
                    }
                }
            }
        }
        if (pairs.isEmpty()) {
            return Optional.of("no object matching \"" + s.from() + "\" imports a function matching \""
                    + s.function() + "\" that an object matching \"" + s.to() + "\" defines");
        }
        pairs.forEach((k, v) -> summary.add(what + ": " + k + ": " + String.join(" ", v)
                + (v.contains("?") ? " (file not found: checked at load)" : "")));
        return Optional.empty();
    }

    /** The program and the objects it needs, breadth first, as the dynamic linker would find them. */
    static List<Part> parts(Path binary) throws WeaveException {
        Needed main;
        try {
            main = Needed.of(binary);
        } catch (IOException | RuntimeException e) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, binary + ": not an ELF file the weaver can read: "
                    + e.getMessage(), e);
        }
        List<Part> out = new ArrayList<>(List.of(new Part("main", binary, Optional.of(main))));
        Deque<Needed> queue = new ArrayDeque<>(List.of(main));
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (!queue.isEmpty() && out.size() < MAX_OBJECTS) {
            Needed n = queue.removeFirst();
            for (String name : n.needed()) {
                if (!seen.add(name) || name.startsWith("ld-linux") || name.startsWith("libklas")) {
                    continue;
                }
                Optional<Path> file = n.find(name);
                Optional<Needed> elf = Optional.empty();
                if (file.isPresent()) {
                    try {
                        elf = Optional.of(Needed.of(file.get()));
                        queue.add(elf.get());
                    } catch (IOException | RuntimeException e) {
                        elf = Optional.empty();
                    }
                }
                String shown = elf.flatMap(Needed::soname).orElse(name);
                out.add(new Part(shown, file.orElse(Path.of(name)), elf));
            }
        }
        return out;
    }
}
