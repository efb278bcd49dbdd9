package dev.klas.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The JSON form of hit counts written to a file: beside it first, then renamed into place. */
final class HitsSnapshot {
    private HitsSnapshot() {
    }

    static void write(HitCounts counts, Path file) {
        Path target = file.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try {
                Files.writeString(temp, Json.write(counts.json()) + "\n");
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new KlasException(ExitCode.INVALID_INPUT, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
