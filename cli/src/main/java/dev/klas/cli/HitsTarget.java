package dev.klas.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where {@code klas hits} reads: a process's {@code /dev/shm/klas-PID.hits}, a module's debugfs file, a copy of
 * that file, or a running linux-bpf loader's pinned maps (through the loader).
 */
sealed interface HitsTarget {

    /** The counts now; with {@code reset}, and the baseline set to them (ARCHITECTURE.md, "Hit counts"). */
    HitCounts read(boolean reset);

    record Process(int pid, Path file) implements HitsTarget {
        @Override
        public HitCounts read(boolean reset) {
            try (HitsFile f = HitsFile.open(file, reset)) {
                return f.read(reset);
            } catch (IOException e) {
                throw new KlasException(ExitCode.INVALID_INPUT, "cannot read the hit counts of process " + pid + ": "
                        + e.getMessage(), e);
            }
        }
    }

    record Module(String name, Path file) implements HitsTarget {
        @Override
        public HitCounts read(boolean reset) {
            HitCounts c = KernelHits.read(file);
            if (reset) {
                KernelHits.reset(file);
            }
            return c;
        }
    }

    /** A copy of a module's debugfs hits file: what the module showed when it was copied. */
    record ModuleFile(Path file) implements HitsTarget {
        @Override
        public HitCounts read(boolean reset) {
            if (reset) {
                throw new KlasException(ExitCode.USAGE, "--reset counts from zero in a loaded module; " + file
                        + " is a copy (reset with klas hits --module NAME --reset where the module is loaded)");
            }
            return KernelHits.read(file);
        }
    }

    record Loader(Path loader) implements HitsTarget {
        @Override
        public HitCounts read(boolean reset) {
            if (reset) {
                throw new KlasException(ExitCode.USAGE, "--reset: a linux-bpf loader's counts are since its start"
                        + " (restart it to count from zero)");
            }
            return LoaderHits.read(loader);
        }
    }

    static Path shmFile(int pid) {
        return PartsTarget.DIR.resolve("klas-" + pid + ".hits");
    }

    static HitsTarget pid(int pid) {
        if (pid <= 0) {
            throw new KlasException(ExitCode.USAGE, "--pid takes a process id, not " + pid);
        }
        if (!Files.isDirectory(Path.of("/proc", Integer.toString(pid)))) {
            throw new KlasException(ExitCode.INVALID_INPUT, "no process " + pid);
        }
        Path file = shmFile(pid);
        if (!Files.exists(file)) {
            throw new KlasException(ExitCode.INVALID_INPUT, "process " + pid + " shows no klas hit counts (no " + file
                    + "): start it with klas run --woven DIR, whose plan patches it");
        }
        return new Process(pid, file);
    }

    static HitsTarget module(String name) {
        return new Module(name, KernelHits.locate(KernelHits.DEBUGFS, Path.of("/sys"), name));
    }

    /**
     * A weave's output: its kprobes module by name, its linux-bpf loader, or the one process that has its preload
     * library mapped.
     */
    static HitsTarget woven(Path dir) {
        Path advice = dir.resolve("advice.c");
        if (Files.isRegularFile(advice)) {
            return module(moduleName(advice));
        }
        if (Files.isRegularFile(dir.resolve("klas_loader.h"))) {
            return new Loader(LoaderHits.loader(dir));
        }
        Path lib;
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> libs = files.filter(p -> p.getFileName().toString().matches("lib.*\\.so")).toList();
            if (libs.size() != 1) {
                throw new KlasException(ExitCode.INVALID_INPUT, dir + ": neither advice.c (linux-kprobes),"
                        + " klas_loader.h (linux-bpf) nor one lib*.so (userspace): not a folder written by klas weave");
            }
            lib = libs.get(0).toRealPath();
        } catch (IOException e) {
            throw new KlasException(ExitCode.INVALID_INPUT, dir + ": " + e.getMessage(), e);
        }
        List<Integer> pids = ProcessMaps.mapping(lib);
        if (pids.size() != 1) {
            throw new KlasException(ExitCode.INVALID_INPUT, pids.isEmpty()
                    ? "no running process has " + lib + " loaded: start one with klas run --woven " + dir
                    : pids.size() + " processes have " + lib + " loaded (" + pids + "): name one with --pid");
        }
        return pid(pids.get(0));
    }

    private static String moduleName(Path advice) {
        try {
            Matcher m = Pattern.compile("(?m)^#define KLAS_MODULE \"([^\"]+)\"$").matcher(Files.readString(advice));
            if (!m.find()) {
                throw new KlasException(ExitCode.INVALID_INPUT, advice + ": no #define KLAS_MODULE line");
            }
            return m.group(1);
        } catch (IOException e) {
            throw new KlasException(ExitCode.INVALID_INPUT, advice + ": " + e.getMessage(), e);
        }
    }
}
