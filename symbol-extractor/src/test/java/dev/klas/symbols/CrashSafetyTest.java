package dev.klas.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) an extraction JVM in the middle of a run: every unit in the database is then either in its
 * previous or its new complete state, never mixed or missing, the member summary equals the shadows that survived,
 * and the next run finishes exactly the rest: the table then has the rows of one uninterrupted run, no unit lost
 * or doubled.
 */
class CrashSafetyTest {
    private static final int UNITS = 30;

    @TempDir
    Path tmp;

    private void writeSources(Path src, int shift) throws IOException {
        StringBuilder h = new StringBuilder("#pragma once\n");
        for (int i = 0; i < 3000; i++) {
            h.append("struct s").append(i).append(" { int a; int b; };\n");
            h.append("static inline int f").append(i).append("(struct s").append(i)
                    .append(" *p) { return p->a + p->b; }\n");
        }
        Files.writeString(src.resolve("big.h"), h);
        for (int u = 0; u < UNITS; u++) {
            Files.writeString(src.resolve(String.format("u%02d.c", u)), "\n".repeat(shift)
                    + "#include \"big.h\"\nint g" + u + "(struct s1 *p) {\n  p->a = " + u + ";\n  return p->b;\n}\n");
        }
    }

    private List<Path> units(Path src) {
        List<Path> out = new ArrayList<>();
        for (int u = 0; u < UNITS; u++) {
            out.add(src.resolve(String.format("u%02d.c", u)));
        }
        return out;
    }

    private static Set<Integer> lines(Connection c, String file) throws Exception {
        Set<Integer> out = new TreeSet<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT s.line FROM shadows s JOIN files f ON f.id = s.file_id WHERE f.path = '" + file + "'")) {
            while (r.next()) {
                out.add(r.getInt(1));
            }
        }
        return out;
    }

    @Test
    void killedRunLeavesEachUnitWholeAndTheNextRunFinishes() throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src);
        Path db = tmp.resolve("symbols.db");
        writeSources(src, 0);
        var units = ExtractionRequest.fromFlags("gcc", units(src), List.of(), List.of(), List.of(), List.of());
        assertEquals(UNITS, new Extractor().run(ExtractionRequest.of(src, db, units).withJobs(2)).parsed());
        Set<Integer> before = Set.of(2, 3, 4);
        Set<Integer> after = Set.of(3, 4, 5);

        writeSources(src, 1);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ExtractMain.class.getName(),
                src.toString(), db.toString(), "1"));
        units(src).forEach(p -> cmd.add(p.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile()).start();
        int updated = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (updated == 0 && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
                updated = countUpdated(c, after);
            }
        }
        p.destroyForcibly().waitFor();
        assertTrue(updated > 0, "the child committed nothing before it ended: " + Files.readString(tmp.resolve("child.log")));

        int newState = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
                r.next();
                assertEquals("ok", r.getString(1));
            }
            SummaryOracle.assertSummaryMatchesShadows(c);
            for (int u = 0; u < UNITS; u++) {
                Set<Integer> l = lines(c, String.format("u%02d.c", u));
                assertTrue(l.equals(before) || l.equals(after), "unit " + u + " is mixed: " + l);
                newState += l.equals(after) ? 1 : 0;
            }
        }
        assertTrue(newState < UNITS, "the kill came after the last commit; make the units heavier");

        ExtractionReport rest = new Extractor().run(ExtractionRequest.of(src, db, units).withJobs(2));
        assertEquals(UNITS - newState, rest.parsed(), rest.toString());
        assertEquals(newState, rest.upToDate());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            assertEquals(UNITS, countUpdated(c, after));
        }
        Path fresh = tmp.resolve("fresh.db");
        new Extractor().run(ExtractionRequest.of(src, fresh, units).withJobs(2));
        TableDump.assertSameRows(TableDump.of(fresh), TableDump.of(db), "killed and resumed vs one fresh run");
    }

    private static int countUpdated(Connection c, Set<Integer> after) throws Exception {
        int n = 0;
        for (int u = 0; u < UNITS; u++) {
            n += lines(c, String.format("u%02d.c", u)).equals(after) ? 1 : 0;
        }
        return n;
    }
}
