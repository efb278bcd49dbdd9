package dev.klas.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a bounded heap (bin/klas runs extract with -Xmx1536m), a unit whose syntax tree does not fit fails alone,
 * "out of memory while parsing", and the run goes on with the others. A child JVM with a 64 MB heap parses a unit of
 * 200,000 member writes (its tree needs far more) and a small one.
 */
class OutOfMemoryTest {
    @TempDir
    Path tmp;

    @Test
    void aUnitThatExhaustsTheHeapFailsAloneAndTheRunGoesOn() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        StringBuilder big = new StringBuilder("struct s { int x; };\n");
        for (int f = 0; f < 200; f++) {
            big.append("void f").append(f).append("(struct s *p) {\n");
            big.append("    p->x = 1;\n".repeat(1000));
            big.append("}\n");
        }
        Files.writeString(src.resolve("big.c"), big);
        Files.writeString(src.resolve("small.c"), "struct t { int y; };\nint g(struct t *p) { return p->y; }\n");
        Path db = tmp.resolve("symbols.db");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), ExtractMain.class.getName(), src.toString(),
                db.toString(), "1", src.resolve("big.c").toString(), src.resolve("small.c").toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the child did not finish");
        String log = Files.readString(tmp.resolve("child.log"));
        assertEquals(0, p.exitValue(), log);
        Map<String, String> units = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT f.path, u.status, u.reason FROM units u"
                     + " JOIN files f ON f.id = u.file_id")) {
            while (r.next()) {
                units.put(r.getString(1), r.getString(2) + " " + r.getString(3));
            }
        }
        assertEquals(Map.of("big.c", "failed out of memory while parsing", "small.c", "ok "), units, log);
        assertTrue(List.of(log.split("\n")).stream().anyMatch(l -> l.contains("small.c")), log);
    }
}
