package dev.klas.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.klas.symbols.config.CompileCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A header body is skipped only when its key (header content, brace offset, digest of the definition's tokens) is
 * recorded (issue 15). In fixtures/../bodykeys, pos.h defines {@code first} with the same tokens at line 5 (one.c,
 * ONE defined) and at line 7 (two.c): only the brace offset tells them apart; decl.h defines {@code plen(T *p)
 * { return p->len; }} with T {@code struct a} in one.c and {@code struct b} in two.c: only the declarator tells
 * them apart. In both unit orders the table with header reuse holds the rows of a full per-unit parse. Checked with
 * gcc: {@code gcc -fsyntax-only -std=gnu11} accepts one.c and two.c.
 */
class BodyKeyTest {
    static final Path BODYKEYS = ExtractorTest.FIXTURES.resolveSibling("bodykeys");

    @TempDir
    Path tmp;

    private Map<String, List<String>> extract(List<String> order, boolean reuse) throws Exception {
        List<CompileCommand> units = ExtractionRequest.fromFlags("gcc", order.stream().map(BODYKEYS::resolve)
                .toList(), List.of(), List.of(), List.of(), List.of("-std=gnu11"));
        Path db = tmp.resolve(order.get(0) + reuse + ".db");
        new Extractor().run(ExtractionRequest.of(BODYKEYS, db, units).withJobs(1)
                .withProbeCache(tmp.resolve("probe")).withHeaderReuse(reuse));
        return TableDump.of(db);
    }

    @Test
    void bodiesWithTheSameTokensElsewhereOrUnderAnotherDeclaratorGetTheirRows() throws Exception {
        for (List<String> order : List.of(List.of("one.c", "two.c"), List.of("two.c", "one.c"))) {
            Map<String, List<String>> table = extract(order, true);
            List<String> rows = table.get("shadows");
            assertEquals(extract(order, false).get("shadows"), rows, order + ": header reuse changes no row");
            assertEquals(1, count(rows, "pos.h\tpos.h\tFIELD_READ\t5\t"), order + ": first under ONE: " + rows);
            assertEquals(1, count(rows, "pos.h\tpos.h\tFIELD_READ\t7\t"), order + ": first without ONE: " + rows);
            assertEquals(1, count(rows, "decl.h\tdecl.h\tFIELD_READ\t4\t"
                    + "plen\ta\tlen"), order + ": plen on struct a: " + rows);
            assertEquals(1, count(rows, "decl.h\tdecl.h\tFIELD_READ\t4\t"
                    + "plen\tb\tlen"), order + ": plen on struct b: " + rows);
            assertEquals(2, count(table.get("body_keys"), "pos.h\t"), order + ": " + table.get("body_keys"));
            assertEquals(2, count(table.get("body_keys"), "decl.h\t"), order + ": " + table.get("body_keys"));
        }
    }

    /**
     * Two shards, one unit each, read pos.h and decl.h with other variants: the merged table unites each header
     * context's rows and keys, as the one run over both units has them.
     */
    @Test
    void shardsWithOtherVariantsMergeToTheRowsOfOneRun() throws Exception {
        List<CompileCommand> units = ExtractionRequest.fromFlags("gcc", List.of(BODYKEYS.resolve("one.c"),
                BODYKEYS.resolve("two.c")), List.of(), List.of(), List.of(), List.of("-std=gnu11"));
        List<MergeReport> reports = ShardRuns.assertShardsMergeToOneRun(BODYKEYS, units, tmp, 1, 2);
        assertEquals(2, reports.get(0).sharedHeaders(), "pos.h and decl.h in both shards: " + reports);
    }

    private static long count(List<String> rows, String part) {
        return rows.stream().filter(r -> r.replaceFirst("^([^\t]*\t[^\t]*\t[^\t]*\t[^\t]*\t)[^\t]*\t", "$1")
                .startsWith(part)).count();
    }
}
