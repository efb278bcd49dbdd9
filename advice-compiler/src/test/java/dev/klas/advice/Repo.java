package dev.klas.advice;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout: the {@code klas.repo} property Surefire sets, else the first parent holding samples/. */
public final class Repo {
    private Repo() {
    }

    public static Path root() {
        String prop = System.getProperty("klas.repo", "");
        if (!prop.isEmpty() && Files.isDirectory(Path.of(prop, "samples"))) {
            return Path.of(prop);
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("samples/kernel-mbuf"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("samples/kernel-mbuf not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** Whether heavy tests (kernel builds, VM boots) run: {@code -Dklas.heavy=true}. */
    public static boolean heavy() {
        return Boolean.getBoolean("klas.heavy");
    }
}
