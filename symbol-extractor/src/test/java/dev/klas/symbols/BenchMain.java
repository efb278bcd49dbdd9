package dev.klas.symbols;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of bench/extract/run: {@code COMPILE_COMMANDS ROOT DB JOBS FILE...} extracts FILEs into a fresh DB and
 * prints one line {@code units=N shadows=S failures=F seconds=T}.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[1]);
        Path db = Path.of(args[2]);
        Files.deleteIfExists(db);
        List<Path> files = Arrays.stream(args).skip(4).map(root::resolve).toList();
        var units = ExtractionRequest.fromCompileCommands(Path.of(args[0]), files);
        ExtractionReport r = new Extractor().run(ExtractionRequest.of(root, db, units).withJobs(Integer.parseInt(args[3])));
        System.out.printf("units=%d shadows=%d failures=%d seconds=%.2f%n", r.parsed(), r.shadows(),
                r.failures().size(), r.elapsed().toMillis() / 1000.0);
        r.failures().forEach(f -> System.out.println("failed: " + f));
    }
}
