package dev.klas.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.symbols.config.CompileCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's own C (the extractor's fixtures, samples/mbuf-user and samples/after-user: 14 units, with
 * headers of inline functions that several units include) extracted in one run and in 1, 3 and 7 shards merged:
 * every table has the same rows.
 */
class ShardMergeTest {
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    static List<Path> copySources(Path src) throws IOException {
        List<Path> units = new ArrayList<>();
        copy(REPO.resolve("symbol-extractor/src/test/resources/fixtures"), src.resolve("fixtures"), units);
        copy(REPO.resolve("samples/mbuf-user"), src.resolve("mbuf-user"), units);
        copy(REPO.resolve("samples/after-user"), src.resolve("after-user"), units);
        return units;
    }

    private static void copy(Path from, Path to, List<Path> units) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".c") || name.endsWith(".h")) {
                    Files.copy(p, to.resolve(name));
                    if (name.endsWith(".c")) {
                        units.add(to.resolve(name));
                    }
                }
            }
        }
    }

    @Test
    void shardsMergedHoldTheRowsOfOneRun() throws Exception {
        Path src = tmp.resolve("src");
        List<Path> files = copySources(src);
        assertEquals(14, files.size(), files.toString());
        List<CompileCommand> units = ExtractionRequest.fromFlags("gcc", files, List.of(), List.of(), List.of(),
                List.of("-std=gnu11"));
        List<MergeReport> reports = ShardRuns.assertShardsMergeToOneRun(src, units, tmp, 2, 1, 3, 7);
        assertTrue(reports.get(1).sharedHeaders() > 0 && reports.get(2).sharedHeaders() > 0,
                "some header was extracted by two shards, and kept once: " + reports);
    }
}
