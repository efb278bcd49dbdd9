package dev.klas.advice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** Writes a directory of files atomically: into a sibling temp directory, then renamed over the old one. */
public final class OutputDirectory {
    private OutputDirectory() {
    }

    public static void write(Path dir, Map<String, String> files) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".tmp-");
        try {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Files.writeString(tmp.resolve(f.getKey()), f.getValue());
            }
            Path old = null;
            if (Files.exists(dir)) {
                old = Files.createTempDirectory(parent, "." + dir.getFileName() + ".old-");
                Files.delete(old);
                Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            if (old != null) {
                delete(old);
            }
        } finally {
            if (Files.exists(tmp)) {
                delete(tmp);
            }
        }
    }

    private static void delete(Path p) throws IOException {
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
