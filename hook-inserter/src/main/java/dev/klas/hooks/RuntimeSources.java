package dev.klas.hooks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The C sources of the user-space hook runtime, shipped as resources under
 * {@code dev/klas/hooks/runtime/}. A generated advice file includes {@link #HEADER} and is compiled
 * with every file of {@link #SOURCES} into one preload library (see the header's opening comment).
 */
public final class RuntimeSources {
    /** The generator contract. */
    public static final String HEADER = "klas_runtime.h";
    /** Internal header shared by the runtime's translation units. */
    public static final String INTERNAL_HEADER = "klas_internal.h";
    /** Translation units, in no particular order. */
    public static final List<String> SOURCES = List.of(
            "klas_load.c", "klas_weave.c", "klas_trap.c", "klas_code.c", "klas_text.c", "klas_map.c",
            "klas_print.c", "klas_return.c", "klas_parts.c", "klas_parts_tramp.c", "klas_parts_shm.c",
            "klas_parts_ctl.c", "klas_parts_swap.c", "klas_parts_profile.c", "klas_hits.c", "klas_output.c");
    /** The empty woven table: compiled with {@link #SOURCES} it makes the bare parts runtime (docs/parts-format.md). */
    public static final String BARE = "parts_bare.c";

    private static final String BASE = "/dev/klas/hooks/runtime/";

    private RuntimeSources() {
    }

    /** Copies the headers and sources into {@code dir}; returns the paths of the .c files. */
    public static List<Path> copyTo(Path dir) {
        List<Path> sources = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            copy(HEADER, dir);
            copy(INTERNAL_HEADER, dir);
            for (String name : SOURCES) {
                sources.add(copy(name, dir));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sources;
    }

    private static Path copy(String name, Path dir) throws IOException {
        try (InputStream in = RuntimeSources.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IOException("runtime resource missing from the jar: " + BASE + name);
            }
            Path out = dir.resolve(name);
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            return out;
        }
    }
}
