package dev.klas.resolve.joinpoint;

import dev.klas.resolve.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** src/test/resources/resolver/directions.c, built as its header says, and the expectations its lines carry. */
final class DirectionsFixture {
    private DirectionsFixture() {
    }

    /** gcc OPT -g -fPIC -shared -o libdirections.so directions.c, run in DIR. */
    static Path build(Path dir, String opt) throws IOException {
        try (InputStream in = DirectionsFixture.class.getResourceAsStream("/resolver/directions.c")) {
            Files.copy(in, dir.resolve("directions.c"));
        }
        Tools.run(dir, "gcc", opt, "-g", "-fPIC", "-shared", "-o", "libdirections.so", "directions.c");
        return dir.resolve("libdirections.so");
    }

    static List<Expectation> expectations(Path dir) throws IOException {
        return Expectation.read(dir, List.of("directions.c"));
    }
}
