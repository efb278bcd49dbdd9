package dev.klas.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.klas.symbols.config.CompileCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The up-to-date check trusts a file whose modification time and size are those recorded with its hash, as make
 * does, and reads it otherwise: a new time with the same content changes nothing (the hash decides), a new content
 * is seen. A file modified just before a run is not recorded (its time could hide a second write in the same tick).
 */
class StatCacheTest {
    private static final FileTime OLD = FileTime.fromMillis(1_600_000_000_000L);

    @TempDir
    Path tmp;

    private ExtractionReport run(Path src) throws IOException {
        List<CompileCommand> units = ExtractionRequest.fromFlags("gcc", List.of(src.resolve("a.c")), List.of(),
                List.of(), List.of(), List.of("-std=gnu11"));
        return new Extractor().run(ExtractionRequest.of(src, tmp.resolve("symbols.db"), units).withJobs(1)
                .withProbeCache(tmp.resolve("probe")));
    }

    private long recordedMillis(String path) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("symbols.db"));
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT s.mtime_ns FROM file_stats s"
                     + " JOIN files f ON f.id = s.file_id WHERE f.path = '" + path + "'")) {
            return r.next() ? r.getLong(1) / 1_000_000 : -1;
        }
    }

    @Test
    void unchangedTimeAndSizeAreTrustedAndTheHashDecidesOtherwise() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path h = src.resolve("h.h");
        Files.writeString(h, "struct s { int x; };\n");
        Files.writeString(src.resolve("a.c"), "#include \"h.h\"\nint f(struct s *p) { return p->x; }\n");
        Files.setLastModifiedTime(h, OLD);
        Files.setLastModifiedTime(src.resolve("a.c"), OLD);
        assertEquals(1, run(src).parsed());
        assertEquals(OLD.toMillis(), recordedMillis("h.h"), "a settled file's stat is recorded");

        Files.writeString(h, "struct s { int y; };\n");
        Files.setLastModifiedTime(h, OLD);
        assertEquals(0, run(src).parsed(), "same time and size: trusted without reading, as make would");

        Files.setLastModifiedTime(h, FileTime.fromMillis(OLD.toMillis() + 1000));
        assertEquals(1, run(src).parsed(), "a new time: read, and the new content is seen");

        Files.writeString(h, "struct s { int y; };\n");
        assertEquals(0, run(src).parsed(), "a new time, the same content: the hash decides, nothing to parse");
        assertEquals(OLD.toMillis() + 1000, recordedMillis("h.h"), "a file written just now is not recorded");
    }
}
