package dev.klas.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hit counts of a loaded klas kprobes module, {@code /sys/kernel/debug/klas/MODULE/hits} (docs/KERNEL.md, "Hit
 * counts"): tab-separated lines {@code klas-hits 1 MODULE reset|since-load}, {@code aspect I NAME RUNS RETURNS ON},
 * {@code hook I HITS SYMBOL OFFSET STATE FILE:LINE:COL} and {@code advice HOOK ASPECT}.
 */
final class KernelHits {
    static final Path DEBUGFS = Path.of("/sys/kernel/debug");

    private KernelHits() {
    }

    static Path file(Path debugfs, String module) {
        return debugfs.resolve("klas").resolve(module).resolve("hits");
    }

    /** The file of a loaded module, or a message saying why there is none. */
    static Path locate(Path debugfs, Path sys, String module) {
        if (!module.matches("[A-Za-z0-9_-]+")) {
            throw new KlasException(ExitCode.USAGE, "--module takes a module name, not " + module);
        }
        if (!Files.isDirectory(sys.resolve("module").resolve(module))) {
            throw new KlasException(ExitCode.INVALID_INPUT, "no module " + module + " is loaded (no "
                    + sys.resolve("module").resolve(module) + ")");
        }
        if (!Files.isDirectory(debugfs.resolve("klas"))) {
            boolean mounted = mounted(debugfs);
            throw new KlasException(mounted ? ExitCode.INVALID_INPUT : ExitCode.MISSING_ENVIRONMENT, mounted
                    ? "module " + module + " shows no klas hit counts (no " + debugfs.resolve("klas") + "): is it a"
                    + " klas advice module?"
                    : "debugfs is not mounted at " + debugfs + " (or not readable): mount -t debugfs none " + debugfs);
        }
        Path f = file(debugfs, module);
        if (!Files.exists(f)) {
            throw new KlasException(ExitCode.INVALID_INPUT, "module " + module + " shows no klas hit counts (no " + f
                    + "): is it a klas advice module?");
        }
        return f;
    }

    private static boolean mounted(Path debugfs) {
        try {
            return Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                    .anyMatch(l -> l.split(" ").length > 2 && l.split(" ")[1].equals(debugfs.toString()));
        } catch (IOException e) {
            return false;
        }
    }

    static HitCounts read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file);
        } catch (AccessDeniedException e) {
            throw new KlasException(ExitCode.INVALID_INPUT, file + ": permission denied (the file is root's: run as"
                    + " root)", e);
        } catch (NoSuchFileException e) {
            throw new KlasException(ExitCode.INVALID_INPUT, file + ": no such file", e);
        } catch (IOException e) {
            throw new KlasException(ExitCode.INVALID_INPUT, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static void reset(Path file) {
        try {
            Files.writeString(file, "reset\n");
        } catch (AccessDeniedException e) {
            throw new KlasException(ExitCode.INVALID_INPUT, file + ": permission denied (the file is root's: run as"
                    + " root)", e);
        } catch (IOException e) {
            throw new KlasException(ExitCode.INVALID_INPUT, "cannot reset " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The counts in the file's text; lines may end in CR LF (a copy taken through a serial console or from another
     * system keeps the counts).
     */
    static HitCounts parse(String text, Path file) {
        String module = null;
        boolean reset = false;
        Map<String, Long> runs = new LinkedHashMap<>();
        List<HitCounts.Hook> hooks = new ArrayList<>();
        Map<Integer, List<String>> aspects = new LinkedHashMap<>();
        int n = 0;
        for (String line : text.split("\r?\n")) {
            n++;
            String[] f = line.split("\t", -1);
            try {
                switch (f[0]) {
                    case "klas-hits" -> {
                        if (!f[1].equals("1")) {
                            throw new KlasException(ExitCode.INVALID_INPUT, file + ":" + n + ": format version " + f[1]
                                    + ", this klas reads version 1");
                        }
                        module = f[2];
                        reset = f[3].equals("reset");
                    }
                    case "aspect" -> runs.put(f[2], Long.parseUnsignedLong(f[3]));
                    case "hook" -> hooks.add(new HitCounts.Hook(Integer.parseInt(f[1]), "", 0, f[3],
                            Long.parseLong(f[4]), f[6], List.of(), Long.parseUnsignedLong(f[2])));
                    case "advice" -> aspects.computeIfAbsent(Integer.parseInt(f[1]), k -> new ArrayList<>()).add(f[2]);
                    case "" -> { }
                    default -> throw new IllegalArgumentException("unknown line kind " + f[0]);
                }
            } catch (RuntimeException e) {
                if (e instanceof KlasException k) {
                    throw k;
                }
                throw new KlasException(ExitCode.INVALID_INPUT, file + ":" + n + ": not a klas hits line: " + line, e);
            }
        }
        if (module == null) {
            throw new KlasException(ExitCode.INVALID_INPUT, file + ": no klas-hits header line");
        }
        List<HitCounts.Hook> out = new ArrayList<>();
        for (HitCounts.Hook h : hooks) {
            out.add(new HitCounts.Hook(h.index(), "", 0, h.symbol(), h.offset(), h.where(),
                    aspects.getOrDefault(h.index(), List.of()).stream().distinct().toList(), h.hits()));
        }
        return new HitCounts("module", module, false, reset, out, HitCounts.aspectsOf(out, runs));
    }
}
