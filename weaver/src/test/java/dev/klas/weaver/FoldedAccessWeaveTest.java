package dev.klas.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * samples/fold-user woven with aspects/len_of.xml (every read of pkt.len written in the inlined accessor len_of):
 * at -O2 three of the four copies were folded into their callers' instructions and are hooked there, access-precise;
 * via's stays LINE (no variable's DWARF location names the register it reads through). At -O0 len_of is not
 * inlined and its own read is the one hook. Either way the advice runs exactly as often as the program counts reads
 * ("oracle len_of=N"), with int3 and jump hooks.
 */
class FoldedAccessWeaveTest {
    static final SampleBuild SAMPLE = SampleBuild.of("fold-user");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"O2,INT3,'{ACCESS=3, LINE=1}'", "O2,JUMP,'{ACCESS=3, LINE=1}'", "O0,INT3,'{ACCESS=1}'"})
    void adviceAtFoldedReadsFiresOncePerRead(String opt, HookMode mode, String precisions) throws Exception {
        Path out = tmp.resolve("w");
        Path exe = SAMPLE.file("fold-user-" + opt);
        WeaveReport report = SAMPLE.weave(out, exe, mode, List.of(SAMPLE.aspect("len_of")));
        assertEquals(List.of(), report.refused(), String.join("\n", report.hooks()));
        Map<String, Integer> kinds = new TreeMap<>();
        report.rows().forEach(r -> kinds.merge(r.precision(), 1, Integer::sum));
        assertEquals(precisions, kinds.toString(), String.join("\n", report.hooks()));
        Path log = tmp.resolve("advice.log");
        Proc p = Proc.run(tmp, Map.of("LD_PRELOAD", Woven.open(out).library().toString(), "KLAS_OUT",
                log.toString()), List.of(exe.toString(), "7")).ok();
        assertEquals("", p.err());
        long fired = Files.readAllLines(log).stream().filter("len_of"::equals).count();
        assertEquals(SAMPLE.oracle("fold-user-" + opt, "7").get("len_of"), fired);
    }
}
