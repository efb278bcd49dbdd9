package dev.klas.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.symbols.config.CompileCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the fixtures, our member accesses equal clang's exactly: line, column, struct, member and macro, in every
 * main file and in every header with function definitions (mbuf.h; pkt.h, read by rx.c and tx.c and recorded
 * once; ring.h, whose accesses are in local declarations and asm operands, read by ring.c and, through ring_ops.h,
 * by ring_ops.c; exported.c, whose functions are redeclared with typeof as EXPORT_SYMBOL does). Oracle:
 * scripts/clang-member-oracle --headers (libclang 14) with a compile_commands.json of {@code gcc -std=gnu11 -c FILE}.
 */
class ClangFixtureDifferentialTest {
    static final List<String> FILES = List.of("mbuf.c", "kinds.c", "gnu.c", "rx.c", "tx.c", "ring.c", "ring_ops.c",
            "exported.c");
    static final Set<String> HEADERS = Set.of("mbuf.h", "pkt.h", "ring.h", "ring_ops.h");

    @TempDir
    Path tmp;

    @Test
    void fixturesAndTheirHeadersMatchClangExactly() throws Exception {
        Path root = ExtractorTest.FIXTURES;
        StringBuilder json = new StringBuilder("[");
        for (String f : FILES) {
            json.append(json.length() > 1 ? "," : "").append("{\"directory\": \"").append(root)
                    .append("\", \"file\": \"").append(f).append("\", \"arguments\": [\"gcc\", \"-std=gnu11\", \"-c\", \"")
                    .append(f).append("\"]}");
        }
        Path cc = tmp.resolve("compile_commands.json");
        Files.writeString(cc, json.append("]").toString());
        Map<String, Set<String>> clang = ClangOracle.run(cc, root, FILES, true, true, tmp.resolve("oracle.log"),
                Duration.ofMinutes(5));

        List<CompileCommand> units = ExtractionRequest.fromCompileCommands(cc, List.of());
        Path db = tmp.resolve("symbols.db");
        new Extractor().run(ExtractionRequest.of(root, db, units).withProbeCache(tmp.resolve("probe")));
        try (SymbolTable t = SymbolTable.open(db)) {
            List<Shadow> all = t.query(ShadowQuery.all());
            Map<String, Set<String>> ours = ClangOracle.oursByFile(all, true);
            Set<String> files = new TreeSet<>(clang.keySet());
            files.addAll(ours.keySet());
            Set<String> expected = new TreeSet<>(FILES);
            expected.addAll(HEADERS);
            assertEquals(expected, files, "files with member accesses");
            for (String f : files) {
                assertEquals(clang.get(f), ours.get(f), f);
            }
            List<Shadow> header = t.query(ShadowQuery.all().withFile("pkt.h"));
            assertEquals(Set.copyOf(header).size(), header.size(), "pkt.h is recorded once: " + header);
        }
    }
}
