package dev.klas.resolve.joinpoint;

import dev.klas.resolve.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** src/test/resources/resolver/directions.c, built as its header says, and the expectations its lines carry. */
final class DirectionsFixture {
    private DirectionsFixture() {
    }

    /** gcc OPT -g -fPIC -shared -o libdirections.so directions.c, run in DIR (OPT: words split at spaces). */
    static Path build(Path dir, String opt) throws IOException {
        try (InputStream in = DirectionsFixture.class.getResourceAsStream("/resolver/directions.c")) {
            Files.copy(in, dir.resolve("directions.c"));
        }
        List<String> gcc = new ArrayList<>(List.of("gcc"));
        gcc.addAll(List.of(opt.split(" ")));
        gcc.addAll(List.of("-g", "-fPIC", "-shared", "-o", "libdirections.so", "directions.c"));
        Tools.run(dir, gcc);
        return dir.resolve("libdirections.so");
    }

    static List<Expectation> expectations(Path dir) throws IOException {
        return Expectation.read(dir, List.of("directions.c"));
    }
}
