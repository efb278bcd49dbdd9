package dev.klas.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.klas.symbols.config.CompileCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the fixtures, our member accesses equal clang's exactly: line, column, struct, member and macro.
 * Oracle: scripts/clang-member-oracle (libclang 14) with a compile_commands.json of
 * {@code gcc -std=gnu11 -c FILE}.
 */
class ClangFixtureDifferentialTest {
    static final List<String> FILES = List.of("mbuf.c", "kinds.c", "gnu.c");

    @TempDir
    Path tmp;

    @Test
    void fixturesMatchClangExactly() throws Exception {
        Path root = ExtractorTest.FIXTURES;
        StringBuilder json = new StringBuilder("[");
        for (String f : FILES) {
            json.append(json.length() > 1 ? "," : "").append("{\"directory\": \"").append(root)
                    .append("\", \"file\": \"").append(f).append("\", \"arguments\": [\"gcc\", \"-std=gnu11\", \"-c\", \"")
                    .append(f).append("\"]}");
        }
        Path cc = tmp.resolve("compile_commands.json");
        Files.writeString(cc, json.append("]").toString());
        Map<String, Set<String>> clang = ClangOracle.run(cc, root, FILES, true, tmp.resolve("oracle.log"));

        List<CompileCommand> units = ExtractionRequest.fromCompileCommands(cc, List.of());
        Path db = tmp.resolve("symbols.db");
        new Extractor().run(ExtractionRequest.of(root, db, units).withProbeCache(tmp.resolve("probe")));
        try (SymbolTable t = SymbolTable.open(db)) {
            for (String f : FILES) {
                assertEquals(clang.get(f), ClangOracle.ours(t.query(ShadowQuery.all().withFile(f)), true), f);
            }
        }
    }
}
