package dev.klas.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process running the klas runtime with program parts: its table {@code /dev/shm/klas-PID} and control socket
 * {@code /dev/shm/klas-PID.sock} (docs/parts-format.md). Anything else is refused before a byte is sent.
 */
record PartsTarget(int pid, Path table, Path socket) {
    static final Path DIR = Path.of("/dev/shm");

    static PartsTarget of(int pid) {
        if (pid <= 0) {
            throw new KlasException(ExitCode.USAGE, "--pid takes a process id, not " + pid);
        }
        if (!Files.isDirectory(Path.of("/proc", Integer.toString(pid)))) {
            throw new KlasException(ExitCode.INVALID_INPUT, "no process " + pid);
        }
        Path table = DIR.resolve("klas-" + pid);
        Path socket = DIR.resolve("klas-" + pid + ".sock");
        if (!Files.exists(table) || !Files.exists(socket)) {
            throw new KlasException(ExitCode.INVALID_INPUT, "process " + pid + " is not running the klas runtime"
                    + " with program parts (no " + (Files.exists(table) ? socket : table) + "); start it with"
                    + " klas run --woven DIR (segment-call aspects) or klas profile --run");
        }
        return new PartsTarget(pid, table, socket);
    }

    PartsTable.Snapshot snapshot() {
        try (PartsTable t = PartsTable.open(table, pid)) {
            return t.snapshot();
        } catch (IOException e) {
            throw new KlasException(ExitCode.INVALID_INPUT, "cannot read the parts table of process " + pid + ": "
                    + e.getMessage(), e);
        }
    }

    PartsClient connect() {
        return PartsClient.connect(this);
    }
}
