package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * klas extract --shard I/N and klas merge on samples/mbuf-user: bad shards are usage errors; three shards merged
 * answer a query like one run; conflicting inputs are refused by name (exit 1). The progress line's text.
 */
class ShardCommandsTest {
    @TempDir
    Path tmp;

    private List<String> extract(Path db, String... extra) {
        Path src = Run.repo().resolve("samples/mbuf-user");
        List<String> args = new ArrayList<>(List.of("extract", "--root", src.toString(), "--db", db.toString(),
                "--jobs", "1"));
        args.addAll(List.of(extra));
        for (String f : new String[] {"fileops.c", "main.c", "mbuf.c"}) {
            args.add(src.resolve(f).toString());
        }
        return args;
    }

    @Test
    void aShardThatDoesNotExistIsAUsageError() {
        for (String bad : new String[] {"0/3", "4/3", "3", "x/3"}) {
            Run r = Run.klas(extract(tmp.resolve("s.db"), "--shard", bad).toArray(String[]::new));
            assertEquals(ExitCode.USAGE, r.exitCode(), bad + ": " + r.err());
            assertTrue(r.err().contains("--shard: '" + bad + "'") || r.err().contains("shard " + bad),
                    r.err());
            assertTrue(r.err().contains("I/N") || r.err().contains("1 <= I <= N"), r.err());
        }
        assertFalse(Files.exists(tmp.resolve("s.db")));
    }

    @Test
    void threeShardsMergedAnswerLikeOneRun() {
        Run whole = Run.klas(extract(tmp.resolve("all.db")).toArray(String[]::new));
        assertEquals(0, whole.exitCode(), whole.err());
        List<String> merge = new ArrayList<>(List.of("merge", "--db", tmp.resolve("merged.db").toString()));
        int units = 0;
        for (int i = 1; i <= 3; i++) {
            Path db = tmp.resolve("s" + i + ".db");
            Run r = Run.klas(extract(db, "--shard", i + "/3").toArray(String[]::new));
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.out().startsWith("shard " + i + "/3: 1 files: 1 parsed"), r.out());
            units++;
            merge.add(db.toString());
        }
        assertEquals(3, units);
        Run m = Run.klas(merge.toArray(String[]::new));
        assertEquals(0, m.exitCode(), m.err());
        assertTrue(m.out().startsWith("3 tables merged into " + tmp.resolve("merged.db") + ": 3 units"), m.out());
        assertTrue(m.out().matches("(?s).*header contexts \\([1-9]\\d* also in another input, united.*"),
                m.out());
        Run a = Run.klas("query", "--db", tmp.resolve("all.db").toString(), "field-access(mbuf.*)");
        Run b = Run.klas("query", "--db", tmp.resolve("merged.db").toString(), "field-access(mbuf.*)");
        assertEquals(0, a.exitCode(), a.err());
        assertTrue(a.out().lines().count() > 20, a.out());
        assertEquals(a.out(), b.out());
    }

    @Test
    void conflictingInputsAreRefusedByNameAndMergeNeedsItsArguments() throws Exception {
        Path one = tmp.resolve("one.db");
        assertEquals(0, Run.klas(extract(one).toArray(String[]::new)).exitCode());
        Path other = tmp.resolve("other.db");
        Run r = Run.klas(extract(other, "-D", "EXTRA=1").toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        Run m = Run.klas("merge", "--db", tmp.resolve("out.db").toString(), one.toString(), other.toString());
        assertEquals(ExitCode.INVALID_INPUT, m.exitCode(), m.err());
        assertTrue(m.err().contains(other + ": unit fileops.c differs from the same unit in " + one
                + " (other compile flags)"), m.err());
        assertFalse(Files.exists(tmp.resolve("out.db")));
        assertEquals(ExitCode.USAGE, Run.klas("merge", one.toString()).exitCode());
        assertEquals(ExitCode.USAGE, Run.klas("merge", "--db", one.toString()).exitCode());
    }

    @Test
    void progressLineCountsOnlyParsedUnitsForTheRate() {
        AtomicLong now = new AtomicLong(0);
        StringWriter text = new StringWriter();
        Progress p = new Progress(new PrintWriter(text), now::get);
        for (int i = 1; i <= 100; i++) {
            p.unitDone("up/to/date.c", i, 2100);
        }
        p.upToDate(100, 2100);
        now.set(10_000_000_000L);
        assertEquals("[ 134/2100] 3.4 units/s, 9m38s left  net/ipv4/tcp.c",
                p.line("net/ipv4/tcp.c", 134, 2100, now.get()));
        assertEquals("[ 100/2100] - units/s, - left  a.c", p.line("a.c", 100, 2100, now.get()));
        assertEquals("1h02m", Progress.duration(3725));
        now.set(20_000_000_000L);
        p.unitDone("last.c", 2100, 2100);
        assertTrue(text.toString().endsWith("\r[2100/2100] 100.0 units/s, 0s left  last.c\033[K"
                + System.lineSeparator()), text.toString());
    }
}
