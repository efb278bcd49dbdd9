package dev.klas.symbols;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Test helper run as a separate JVM by {@link CrashSafetyTest}: {@code ROOT DB JOBS FILE...}. */
public final class ExtractMain {
    private ExtractMain() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        List<Path> files = Arrays.stream(args).skip(3).map(Path::of).toList();
        var units = ExtractionRequest.fromFlags("gcc", files, List.of(), List.of(), List.of(), List.of());
        ExtractionReport r = new Extractor((f, done, total) -> System.out.println("done " + done + "/" + total + " " + f))
                .run(ExtractionRequest.of(root, Path.of(args[1]), units).withJobs(Integer.parseInt(args[2])));
        System.out.println(r);
    }
}
