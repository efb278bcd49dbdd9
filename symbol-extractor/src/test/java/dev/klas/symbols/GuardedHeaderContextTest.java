package dev.klas.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.klas.symbols.config.CompileCommand;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each unit's variant of a guarded header's bodies is recorded (issue 15, the kernel's fortify-string.h under
 * -D__NO_FORTIFY): a body is parsed when its key (brace offset, digest of its definition's tokens) is new. In fixtures/../guarded, each guarded header depends on one macro: cond.h
 * has a body under {@code #ifdef NO_FORT}; expand.h a body that calls {@code copy_bytes} (a function in plain.c, a
 * function-like macro reading {@code used} in nofort.c); value.h a body that expands {@code SIZE_OF} (defined by both
 * units, differently: the same token types, other images). Whichever unit comes
 * first, the table with header reuse equals the one without it (a full per-unit parse) and holds each unit's
 * variant. Checked with gcc:
 * {@code gcc -fsyntax-only -std=gnu11} accepts plain.c and nofort.c.
 */
class GuardedHeaderContextTest {
    static final Path GUARDED = ExtractorTest.FIXTURES.resolveSibling("guarded");

    @TempDir
    Path tmp;

    private List<String> shadows(List<String> order, boolean reuse) throws Exception {
        List<CompileCommand> units = ExtractionRequest.fromFlags("gcc", order.stream().map(GUARDED::resolve).toList(),
                List.of(), List.of(), List.of(), List.of("-std=gnu11"));
        Path db = tmp.resolve(order.get(0) + reuse + ".db");
        new Extractor().run(ExtractionRequest.of(GUARDED, db, units).withJobs(1)
                .withProbeCache(tmp.resolve("probe")).withHeaderReuse(reuse));
        return TableDump.of(db).get("shadows");
    }

    @Test
    void eachUnitsVariantOfAGuardedHeaderIsRecorded() throws Exception {
        for (List<String> order : List.of(List.of("plain.c", "nofort.c"), List.of("nofort.c", "plain.c"))) {
            List<String> rows = shadows(order, true);
            assertEquals(shadows(order, false), rows, order + ": header reuse changes no row");
            assertEquals(1, count(rows, "cond.h\tcond.h\tFIELD_READ\t5\t"), order + ": fill under NO_FORT: " + rows);
            assertEquals(1, count(rows, "cond.h\tcond.h\tFIELD_READ\t7\t"), order + ": fill without NO_FORT: "
                    + rows);
            assertEquals(1, count(rows, "expand.h\texpand.h\tCALL\t5\t"), order + ": copy_bytes called (plain.c): "
                    + rows);
            assertEquals(1, count(rows, "expand.h\texpand.h\tFIELD_READ\t5\t"), order + ": copy_bytes expanded"
                    + " (nofort.c): " + rows);
            assertEquals(2, count(rows, "value.h\tvalue.h\tFIELD_READ\t4\t"), order + ": SIZE_OF of each unit: "
                    + rows);
        }
    }

    private static long count(List<String> rows, String part) {
        return rows.stream().filter(r -> r.startsWith(part)).count();
    }
}
