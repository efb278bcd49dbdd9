package dev.klas.advice;

import dev.klas.schema.Aspect;
import dev.klas.schema.AspectLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The test aspects under src/test/resources/dev/klas/advice/kprobes, copied out so positions name a real file. */
public final class Aspects {
    private Aspects() {
    }

    public static Path copy(String name, Path dir) throws IOException {
        Path out = dir.resolve(name);
        try (InputStream in = Aspects.class.getResourceAsStream("kprobes/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test aspect " + name);
            }
            Files.write(out, in.readAllBytes());
        }
        return out;
    }

    public static List<Aspect> load(String name, Path dir) throws Exception {
        return AspectLoader.load(copy(name, dir));
    }

    /** 1-based line and column of the first occurrence of {@code needle} in {@code file}. */
    public static int[] position(Path file, String needle) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            int c = lines.get(i).indexOf(needle);
            if (c >= 0) {
                return new int[] {i + 1, c + 1};
            }
        }
        throw new AssertionError(needle + " not in " + file);
    }
}
