package dev.klas.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.klas.symbols.config.CompileCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Header shadows are recorded per function body: fixtures/../contexts has a header without include guard
 * (events.h) whose function {@code ev_define} exists only under CREATE_POINTS, defined by core.c alone (as
 * kernel/sched/core.c defines CREATE_TRACE_POINTS before include/trace/events/sched.h), and a guarded header (ev.h)
 * whose inline function calls a {@code __COUNTER__}-numbered function. Every unit order and job count gives the same
 * table, holding both variants of events.h and each header row once, the rows of a full per-unit parse. Checked with gcc: {@code gcc -fsyntax-only
 * -std=gnu11 core.c user.c other.c} accepts the fixtures.
 */
class HeaderContextTest {
    static final Path CONTEXTS = ExtractorTest.FIXTURES.resolveSibling("contexts");
    private static final List<String> UNITS = List.of("core.c", "user.c", "other.c");

    @TempDir
    Path tmp;

    private Map<String, List<String>> extract(List<String> order, int jobs, String name) throws Exception {
        return extract(order, jobs, name, true);
    }

    private Map<String, List<String>> extract(List<String> order, int jobs, String name, boolean reuse)
            throws Exception {
        List<CompileCommand> units = ExtractionRequest.fromFlags("gcc", order.stream().map(CONTEXTS::resolve).toList(),
                List.of(), List.of(), List.of(), List.of("-std=gnu11"));
        Path db = tmp.resolve(name + ".db");
        new Extractor().run(ExtractionRequest.of(CONTEXTS, db, units).withJobs(jobs)
                .withProbeCache(tmp.resolve("probe")).withHeaderReuse(reuse));
        return TableDump.of(db);
    }

    @Test
    void eachVariantOfAHeaderIsRecordedWhateverTheUnitOrder() throws Exception {
        List<String> reversed = new ArrayList<>(UNITS);
        Collections.reverse(reversed);
        for (List<String> order : List.of(UNITS, reversed)) {
            List<String> shadows = extract(order, 1, "one-" + order.get(0)).get("shadows");
            assertEquals(extract(order, 1, "full-" + order.get(0), false).get("shadows"), shadows,
                    order + ": header reuse gives the rows of a full per-unit parse");
            assertEquals(1, count(shadows, "events.h\tevents.h\tFIELD_WRITE\t5\t"), order + ": ev_define under "
                    + "CREATE_POINTS (core.c only) is recorded: " + shadows);
            assertEquals(1, count(shadows, "events.h\tevents.h\tFIELD_READ\t3\t"), order + ": ev_len, in both "
                    + "contexts, is one row: " + shadows);
            assertEquals(1, count(shadows, "ev.h\tev.h\tCALL\t10\t"), order + ": " + shadows);
            assertEquals(1, count(shadows, "\t__compiletime_assert_N\t"), order + ": the __COUNTER__ number of a "
                    + "header's row does not depend on the unit: " + shadows);
        }
    }

    @Test
    void jobsAndOrderGiveTheSameTable() throws Exception {
        List<String> reversed = new ArrayList<>(UNITS);
        Collections.reverse(reversed);
        Map<String, List<String>> expected = extract(UNITS, 1, "expected");
        assertEquals(1, count(expected.get("headers"), "events.h\t"), "events.h, one content: " + expected);
        for (int jobs : new int[] {1, 2}) {
            for (List<String> order : List.of(UNITS, reversed)) {
                for (int run = 0; run < (jobs == 2 ? 3 : 1); run++) {
                    String what = "jobs " + jobs + ", " + order + ", run " + run;
                    TableDump.assertSameRows(expected, extract(order, jobs, "t" + jobs + order.get(0) + run), what);
                }
            }
        }
    }

    private static long count(List<String> rows, String part) {
        return rows.stream().filter(r -> r.contains(part)).count();
    }
}
