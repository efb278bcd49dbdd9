package dev.klas.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.klas.symbols.config.CompileCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rerun parses exactly the units whose own file or some header they include, directly or through other headers,
 * changed; and the table then has the rows a fresh run over the changed sources writes. The fixtures' includes:
 * ring.c → ring.h; ring_ops.c → ring_ops.h → ring_fwd.h → ring.h; rx.c, tx.c → pkt.h; mbuf.c → mbuf.h.
 */
class IncrementalTest {
    private static final List<String> UNITS = List.of("gnu.c", "indirect.c", "kinds.c", "mbuf.c", "ring.c",
            "ring_ops.c", "rx.c", "tx.c");

    @TempDir
    Path tmp;

    private ExtractionReport run(Path src, Path db) throws IOException {
        List<CompileCommand> units = ExtractionRequest.fromFlags("gcc", UNITS.stream().map(src::resolve).toList(),
                List.of(), List.of(), List.of(), List.of("-std=gnu11"));
        return new Extractor().run(ExtractionRequest.of(src, db, units).withJobs(2)
                .withProbeCache(tmp.resolve("probe")));
    }

    private static void touch(Path file) throws IOException {
        Files.writeString(file, Files.readString(file) + "\n/* edited */\n");
    }

    @Test
    void eachEditReparsesExactlyTheUnitsThatReadTheFile() throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src);
        try (Stream<Path> s = Files.list(ExtractorTest.FIXTURES)) {
            for (Path p : s.toList()) {
                Files.copy(p, src.resolve(p.getFileName()));
            }
        }
        Path db = tmp.resolve("symbols.db");
        assertEquals(UNITS.size(), run(src, db).parsed());
        assertEquals(Set.of(), Set.copyOf(run(src, db).parsedFiles()), "nothing changed");

        Object[][] edits = {
            {"ring.h", Set.of("ring.c", "ring_ops.c")},
            {"ring_fwd.h", Set.of("ring_ops.c")},
            {"pkt.h", Set.of("rx.c", "tx.c")},
            {"tx.c", Set.of("tx.c")},
            {"mbuf.h", Set.of("mbuf.c")},
        };
        for (Object[] edit : edits) {
            touch(src.resolve((String) edit[0]));
            ExtractionReport r = run(src, db);
            assertEquals(edit[1], Set.copyOf(r.parsedFiles()), "after editing " + edit[0]);
            assertEquals(UNITS.size() - r.parsed(), r.upToDate());
        }
        Path fresh = tmp.resolve("fresh.db");
        run(src, fresh);
        TableDump.assertSameRows(TableDump.of(fresh), TableDump.of(db), "five incremental runs vs one fresh run");
    }
}
