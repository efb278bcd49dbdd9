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
 * one run and 1, 3 and 7 shards merged have the same rows in every table — kernel headers of inline functions read
 * by units of different shards are kept once. Heavy: -Dklas.heavy=true; about 4 extractions of the 29 files (12 to
 * 15 minutes on 2 shared cores).
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
        List<MergeReport> reports = ShardRuns.assertShardsMergeToOneRun(tree, units, tmp, 2, 1, 3, 7);
        assertTrue(reports.get(2).sharedHeaders() > 100, "7 shards share many kernel headers: " + reports.get(2));
    }
}
