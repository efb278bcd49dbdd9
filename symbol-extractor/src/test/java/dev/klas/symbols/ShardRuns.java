package dev.klas.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.klas.symbols.config.CompileCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Extracts a unit list once whole and once in N shards merged, and compares the two tables row by row. */
final class ShardRuns {
    private ShardRuns() {
    }

    /** The merge reports, one per N; fails when a merged table's rows differ from the single run's. */
    static List<MergeReport> assertShardsMergeToOneRun(Path root, List<CompileCommand> units, Path dir, int jobs,
                                                       int... counts) throws Exception {
        return assertShardsMerge(root, units, dir, jobs, 0, counts);
    }

    /**
     * As {@link #assertShardsMergeToOneRun}, but for sources where the extractor itself does not give the same shadows
     * twice (see ShardMergeHeavyTest): the tables must be the same but for shadows; the shadows units own may differ
     * from the single run's in up to {@code tolerated} rows (printed); and all shadows must be exactly what the
     * shards' own tables add up to (each shard's unit rows, the union of the header rows of every shard), with the
     * member summary their aggregate.
     */
    static List<MergeReport> assertShardsMerge(Path root, List<CompileCommand> units, Path dir, int jobs,
                                               int tolerated, int... counts) throws Exception {
        Path probe = dir.resolve("probe");
        Path single = dir.resolve("single.db");
        ExtractionReport whole = new Extractor().run(request(root, single, units, probe, jobs));
        Map<String, List<String>> expected = TableDump.of(single);
        List<MergeReport> reports = new ArrayList<>();
        for (int n : counts) {
            List<Path> dbs = new ArrayList<>();
            int units_ = 0;
            for (int i = 1; i <= n; i++) {
                Path db = dir.resolve("shard-" + i + "-of-" + n + ".db");
                ExtractionReport r = new Extractor().run(request(root, db, units, probe, jobs)
                        .withShard(new Shard(i, n)));
                units_ += r.units();
                dbs.add(db);
            }
            assertEquals(whole.units(), units_, "N=" + n + ": the shards' units add up to the whole");
            Path merged = dir.resolve("merged-" + n + ".db");
            MergeReport m = SymbolTable.merge(merged, dbs);
            System.out.println("N=" + n + ": " + m);
            Map<String, List<String>> actual = TableDump.of(merged);
            if (tolerated == 0) {
                TableDump.assertSameRows(expected, actual, "N=" + n);
            } else {
                TableDump.assertSameUnitRows(expected, actual, tolerated, "N=" + n);
                assertEquals(TableDump.shadowsAddedUp(dbs), actual.get("shadows"),
                        "N=" + n + ": the merged shadows are the shards' own, each header's once");
                try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + merged)) {
                    SummaryOracle.assertSummaryMatchesShadows(c);
                }
            }
            reports.add(m);
        }
        return reports;
    }

    private static ExtractionRequest request(Path root, Path db, List<CompileCommand> units, Path probe, int jobs) {
        return ExtractionRequest.of(root, db, units).withJobs(jobs).withProbeCache(probe);
    }
}
