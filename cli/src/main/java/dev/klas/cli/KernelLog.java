package dev.klas.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The klas_printf lines of a loaded klas kprobes module, {@code /sys/kernel/debug/klas/MODULE/log} (docs/KERNEL.md,
 * "Advice output"): reading consumes them. Tab-separated lines {@code msg TIME CPU TEXT} and {@code drop TIME CPU N}
 * (N lines of that CPU lost because its ring buffer was full), TIME in seconds of the kernel clock.
 */
final class KernelLog {
    private KernelLog() {
    }

    /** One line of the log file. */
    sealed interface Entry {
        String time();

        int cpu();

        /** As klas log prints it: {@code [TIME] cpuN TEXT}, dmesg-like. */
        String text();
    }

    record Message(String time, int cpu, String message) implements Entry {
        @Override
        public String text() {
            return "[%12s] cpu%d %s".formatted(time, cpu, message);
        }
    }

    record Dropped(String time, int cpu, long count) implements Entry {
        @Override
        public String text() {
            return "[%12s] cpu%d -- %d line%s dropped (ring buffer full)".formatted(time, cpu, count,
                    count == 1 ? "" : "s");
        }
    }

    /** The log file of a loaded module, or a message saying why there is none. */
    static Path locate(Path debugfs, Path sys, String module) {
        Path log = KernelHits.locate(debugfs, sys, module).resolveSibling("log");
        if (!Files.exists(log)) {
            throw new KlasException(ExitCode.INVALID_INPUT, "module " + module + " has no klas log (no " + log
                    + "): made by an older klas? weave it again");
        }
        return log;
    }

    /** The lines waiting in the file, consumed; empty when the module is gone. */
    static Optional<List<Entry>> drain(Path file) {
        try {
            return Optional.of(parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (AccessDeniedException e) {
            throw new KlasException(ExitCode.INVALID_INPUT, file + ": permission denied (the file is root's: run as"
                    + " root)", e);
        } catch (IOException e) {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            throw new KlasException(ExitCode.INVALID_INPUT, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static List<Entry> parse(String text, Path file) {
        List<Entry> out = new ArrayList<>();
        int n = 0;
        for (String line : text.split("\n")) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", 4);
            try {
                switch (f[0]) {
                    case "msg" -> out.add(new Message(f[1], Integer.parseInt(f[2]), f[3]));
                    case "drop" -> out.add(new Dropped(f[1], Integer.parseInt(f[2]), Long.parseLong(f[3])));
                    default -> throw new IllegalArgumentException("unknown line kind " + f[0]);
                }
            } catch (RuntimeException e) {
                throw new KlasException(ExitCode.INVALID_INPUT, file + ":" + n + ": not a klas log line: " + line, e);
            }
        }
        return out;
    }
}
