package dev.klas.weaver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** An output folder written beside its final place and renamed into it: a failed run leaves the old one intact. */
final class AtomicOutput implements AutoCloseable {
    private final Path out;
    private final Path temp;
    private boolean committed;

    AtomicOutput(Path out) throws IOException {
        this.out = out.toAbsolutePath().normalize();
        Files.createDirectories(this.out.getParent());
        this.temp = Files.createTempDirectory(this.out.getParent(), "." + this.out.getFileName() + ".tmp-");
    }

    Path dir() {
        return temp;
    }

    /** Moves the finished folder into place; the previous output, if any, is removed only after that. */
    void commit() throws IOException {
        Path old = out.resolveSibling("." + out.getFileName() + ".old-" + ProcessHandle.current().pid());
        boolean hadOld = Files.exists(out);
        if (hadOld) {
            Files.move(out, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(temp, out, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
        if (hadOld) {
            delete(old);
        }
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            delete(temp);
        }
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
