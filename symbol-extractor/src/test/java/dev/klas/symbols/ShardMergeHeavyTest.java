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
 * one run and 1, 3 and 7 shards merged have the same rows, every table row for row. This holds because a header's
 * inline-function bodies are recorded per body key ({@link HeaderContext}, parser.BodyKey): the bodies of
 * {@code include/trace/events/sched.h} under {@code CREATE_TRACE_POINTS} (kernel/sched/core.c) are recorded whichever
 * unit comes first, merged shards unite a header's rows, and
 * names made with {@code __COUNTER__} in a header's rows are written with {@code N}.
 * Heavy: -Dklas.heavy=true runs N = 3 (the single run and 3 shards: about 5 minutes on 2 idle cores; CI runs it);
 * -Dklas.shards.all=true adds N = 1 and 7 (12 extractions of the 29 files, about 30 minutes on 2 shared cores).
 * The light ShardMergeTest checks N = 1, 3 and 7 row for row.
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
        boolean all = Boolean.getBoolean("klas.shards.all");
        int[] counts = all ? new int[] {1, 3, 7} : new int[] {3};
        List<MergeReport> reports = ShardRuns.assertShardsMergeToOneRun(tree, units, tmp, 2, counts);
        MergeReport last = reports.get(reports.size() - 1);
        assertTrue(last.sharedHeaders() > 100, counts[counts.length - 1] + " shards share many kernel headers: " + last);
    }
}
