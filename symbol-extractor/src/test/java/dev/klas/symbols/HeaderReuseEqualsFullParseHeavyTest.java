package dev.klas.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.symbols.config.CompileCommand;
import dev.klas.symbols.kbuild.DryRun;
import dev.klas.symbols.kbuild.KernelTree;
import dev.klas.symbols.kbuild.KernelUnit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Header reuse changes no result (issue 15): vmlinux units of the prepared Linux 6.1 tree ({@code extract
 * --kernel-tree}'s list, evenly spread over the sorted units of each of net/, fs/, kernel/, mm/, drivers/, arch/)
 * extracted once with header reuse and once without it (every unit walks every header body it includes; the table
 * keeps the union of their rows), at 2 jobs: the same units fail, and the shadow sets are equal, every column of
 * every row (owner, file, kind, line, column, function, struct, member, macro). Opt-in, not part of CI's heavy run:
 * -Dklas.reuse.full=true runs 36 units per directory (216; about 12 minutes on 2 cores, beyond CI's budget);
 * -Dklas.reuse.units=N takes N per directory; -Dklas.reuse.keep=DIR keeps the two tables there (full.db, reuse.db;
 * DIR must not hold them already). It failed on 45 rows of guarded headers read by a -D__NO_FORTIFY unit until
 * guarded headers got macro contexts (docs/TESTING.md); since symbols.db version 6 bodies are keyed by their tokens.
 */
@EnabledIfSystemProperty(named = "klas.reuse.full", matches = "true")
class HeaderReuseEqualsFullParseHeavyTest {
    static final List<String> DIRS = List.of("net/", "fs/", "kernel/", "mm/", "drivers/", "arch/");

    @TempDir
    Path tmp;

    @Test
    void shadowsWithHeaderReuseAreThoseOfAFullParse() throws Exception {
        Path tree = Path.of(Scripts.run("prepare-kernel-tree", "--print-dir").strip());
        String keep = System.getProperty("klas.reuse.keep", "");
        if (!keep.isEmpty()) {
            tmp = java.nio.file.Files.createDirectories(Path.of(keep));
        }
        int perDir = Integer.getInteger("klas.reuse.units", 36);
        long t0 = System.nanoTime();
        DryRun run = KernelTree.open(tree).units(false);
        List<CompileCommand> units = pick(run.units(), perDir);
        Set<Path> generated = run.madeFiles().stream().map(f -> tree.resolve(f).normalize())
                .collect(Collectors.toSet());
        System.out.printf("dry run %.1f s, %d units%n", (System.nanoTime() - t0) / 1e9, units.size());

        ExtractionReport reuse = extract(tree, units, generated, true);
        ExtractionReport full = extract(tree, units, generated, false);
        assertEquals(failed(reuse), failed(full), "the same units fail");
        assertTrue(units.size() - reuse.failures().size() >= 6 * perDir - 16,
                "most units parse: " + reuse.failures());

        List<String> expected = TableDump.of(tmp.resolve("full.db")).get("shadows");
        List<String> actual = TableDump.of(tmp.resolve("reuse.db")).get("shadows");
        System.out.printf("shadows: %d with reuse, %d full%n", actual.size(), expected.size());
        assertSameSet(expected, actual, file -> readers(tmp.resolve("full.db"), file));
    }

    /** The units that read {@code file} (their dependencies in {@code db}), for the failure message. */
    static List<String> readers(Path db, String file) {
        List<String> out = new ArrayList<>();
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
             var q = c.prepareStatement("SELECT u.path FROM unit_deps d JOIN files u ON u.id = d.unit_id"
                     + " JOIN files f ON f.id = d.file_id WHERE f.path = ? ORDER BY u.path")) {
            q.setString(1, file);
            try (var r = q.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        } catch (java.sql.SQLException e) {
            out.add("(" + e.getMessage() + ")");
        }
        return out;
    }

    /** {@code perDir} units of each directory, evenly spaced over its units sorted by path. */
    static List<CompileCommand> pick(List<KernelUnit> all, int perDir) {
        List<CompileCommand> out = new ArrayList<>();
        for (String dir : DIRS) {
            List<KernelUnit> in = all.stream().filter(u -> u.source().startsWith(dir))
                    .sorted(java.util.Comparator.comparing(KernelUnit::source)).toList();
            assertTrue(in.size() >= perDir, dir + " has " + in.size() + " units");
            for (int i = 0; i < perDir; i++) {
                out.add(in.get(i * in.size() / perDir).command());
            }
        }
        return out;
    }

    private ExtractionReport extract(Path tree, List<CompileCommand> units, Set<Path> generated, boolean reuse)
            throws Exception {
        String name = reuse ? "reuse" : "full";
        ExtractionReport r = new Extractor().run(ExtractionRequest.of(tree, tmp.resolve(name + ".db"), units)
                .withJobs(2).withProbeCache(tmp.resolve("probe")).withGeneratedFiles(generated)
                .withHeaderReuse(reuse));
        System.out.printf("%s: %d units, %d failed, %d shadows, %.1f s%n", name, r.units(), r.failures().size(),
                r.shadows(), r.elapsed().toMillis() / 1000.0);
        return r;
    }

    private static Set<String> failed(ExtractionReport r) {
        return r.failures().stream().map(FileFailure::toString).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Fails with the number of rows only one side has, the first 20 of each (sorted), and for each owner (unit or
     * header) of a differing row the number of rows and the units that read it ({@code readers}).
     */
    static void assertSameSet(List<String> full, List<String> reuse,
                              java.util.function.Function<String, List<String>> readers) {
        TreeSet<String> missing = new TreeSet<>(full);
        missing.removeAll(new java.util.HashSet<>(reuse));
        TreeSet<String> extra = new TreeSet<>(reuse);
        extra.removeAll(new java.util.HashSet<>(full));
        if (missing.isEmpty() && extra.isEmpty()) {
            assertEquals(full.size(), reuse.size(), "each row once on both sides");
            return;
        }
        StringBuilder msg = new StringBuilder("shadow sets differ: " + missing.size() + " rows only in the full parse, "
                + extra.size() + " only with header reuse (owner, file, kind, line, col, function, struct, member,"
                + " macro)");
        missing.stream().limit(20).forEach(r -> msg.append("\n  full only:  ").append(r));
        extra.stream().limit(20).forEach(r -> msg.append("\n  reuse only: ").append(r));
        Map<String, long[]> byOwner = new java.util.TreeMap<>();
        missing.forEach(r -> byOwner.computeIfAbsent(r.split("\t")[0], k -> new long[2])[0]++);
        extra.forEach(r -> byOwner.computeIfAbsent(r.split("\t")[0], k -> new long[2])[1]++);
        byOwner.forEach((owner, n) -> {
            List<String> units = readers.apply(owner);
            msg.append("\n  owner ").append(owner).append(": ").append(n[0]).append(" full only, ").append(n[1])
                    .append(" reuse only; read by ").append(units.size()).append(" units ")
                    .append(units.stream().limit(8).toList());
        });
        System.out.println(msg);
        throw new AssertionError(msg.toString());
    }
}
