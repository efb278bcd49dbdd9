package dev.klas.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prepared Linux 6.1 tree's object list (29 files, scripts/prepare-kernel-tree) through its compile_commands.json:
 * one run and 1, 3 and 7 shards merged have the same units, dependencies, headers and files, and the merged shadows
 * are exactly the shards' own (each header's inline functions once). The shadows may differ from the single run's in
 * a few rows, printed, because the extractor is not deterministic there. Seen: {@code net/ipv6/ip6_output.c:1814
 * FIELD_ADDRESS rt6_info.dst} ({@code dst_hold(&rt->dst)}) is in one run of the 29 files and missing in the next,
 * and missing when ip6_output.c is extracted alone; the likely cause is that a unit's own shadows depend on which
 * headers it parsed the bodies of (the first unit to include a header does; with --jobs 2 which unit is first
 * varies). Not a merge problem: the N=1 "merge" is a copy of one run. Heavy: -Dklas.heavy=true; 12 extractions of 29 files (about 12 to 15 minutes on 2 shared cores).
 */
@EnabledIfSystemProperty(named = "klas.heavy", matches = "true")
class ShardMergeHeavyTest {
    @TempDir
    Path tmp;

    @Test
    void kernelShardsMergedHoldTheRowsOfOneRun() throws Exception {
        Path tree = Path.of(Scripts.run("prepare-kernel-tree", "--print-dir").strip());
        List<String> sources = Scripts.run("prepare-kernel-tree", "--print-sources").lines().toList();
        var units = ExtractionRequest.fromCompileCommands(tree.resolve("compile_commands.json"),
                sources.stream().map(tree::resolve).toList());
        assertEquals(sources.size(), units.size());
        List<MergeReport> reports = ShardRuns.assertShardsMerge(tree, units, tmp, 2, 10, 1, 3, 7);
        assertTrue(reports.get(2).sharedHeaders() > 100, "7 shards share many kernel headers: " + reports.get(2));
    }
}
