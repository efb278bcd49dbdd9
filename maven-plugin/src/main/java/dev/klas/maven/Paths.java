package dev.klas.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/** Maven hands files as {@link File}; the weaver takes {@link Path}. */
final class Paths {
    private Paths() {
    }

    static List<Path> of(List<File> files) {
        return files == null ? List.of() : files.stream().map(File::toPath).toList();
    }
}
