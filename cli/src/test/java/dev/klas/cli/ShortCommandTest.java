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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ShortCommand} reads plain query and structs lines without picocli; the oracle is picocli itself
 * ({@link Picocli#run}): over every line below, good and bad, the exit code, standard output and standard error are
 * the same whichever reads it. Each line also says which reader must take it, so that the comparison covers the
 * short path and so that what it does not understand (help, usage errors, --debug, @files) is left to picocli.
 * Stack frames (--debug) are left out of the comparison: their callers differ.
 */
class ShortCommandTest {
    @TempDir
    static Path tmp;
    static Path db;

    /** {@code true}: ShortCommand reads the line; {@code false}: picocli does. DB, NODB, TEXT are replaced. */
    private static final Object[][] LINES = {
        {true, "query", "--db", "DB", "set(mbuf.m_len)"},
        {true, "query", "set(mbuf.m_len)", "--db", "DB"},
        {true, "query", "--db=DB", "get(mbuf.m_len) || set(m_hdr.mh_flags)"},
        {true, "query", "--db", "DB", "--format", "json", "get(mbuf.m_len)"},
        {true, "query", "--db", "DB", "--format=KLAS", "field-access(mbuf.*)"},
        {true, "query", "--db", "DB", "--count", "field-access(*.*)"},
        {true, "query", "--db", "DB", "--count-by", "file", "field-access(*.*)"},
        {true, "query", "--count-by=Member", "--db", "DB", "--format", "json", "field-access(*.*)"},
        {true, "query", "--db", "DB", "--explain", "set(mbuf.m_len) && within(\"*.c\")"},
        {true, "query", "--db", "DB", "--explain", "--format", "json", "get(mbuf.m_len) && !withincode(main)"},
        {true, "query", "--db", "DB", "set(mbuf.m_len) && runsin(softirq)"},
        {true, "-q", "query", "--db", "DB", "set(mbuf.m_len) && runsin(softirq)"},
        {true, "query", "--quiet", "--db", "DB", "set(mbuf.m_len) && runsin(softirq)"},
        {true, "query", "--db", "DB", "segment-call(\"a\", \"b\")"},
        {true, "query", "--db", "DB", "set(mbuf.m_lne)"},
        {true, "query", "--db", "DB", "set(mbuf.m_len) && get(nosuch.x)"},
        {true, "query", "--db", "DB", "set(mbuf.m_len"},
        {true, "query", "--db", "DB", ""},
        {true, "query", "--db", "NODB", "set(mbuf.m_len)"},
        {true, "query", "--db", "TEXT", "set(mbuf.m_len)"},
        {true, "query", "--db", "DB", "structs"},
        {true, "structs", "--db", "DB"},
        {true, "structs", "--db", "DB", "mbuf"},
        {true, "structs", "--db", "DB", "struct m_hdr"},
        {true, "structs", "m_hdr.mh_*", "--format", "JSON", "--db", "DB"},
        {true, "--quiet", "structs", "--db=DB", "--format=text", "mb?f.m_?a*"},
        {true, "structs", "--db", "DB", "no_such"},
        {true, "structs", "--db", "DB", "mbuf.no_such"},
        {true, "structs", "--db", "DB", ""},
        {true, "structs", "--db", "DB", "m[buf"},
        {true, "structs", "--db", "NODB", "mbuf"},
        {true, "structs", "--db", "TEXT", "mbuf"},
        {false, "query", "--help"},
        {false, "structs", "-h"},
        {false, "query", "--version"},
        {false, "query", "--db", "DB"},
        {false, "query", "set(mbuf.m_len)"},
        {false, "query", "--db"},
        {false, "query", "--db", "DB", "--db", "DB", "set(mbuf.m_len)"},
        {false, "query", "--db", "DB", "--format", "xml", "set(mbuf.m_len)"},
        {false, "query", "--db", "DB", "--count-by", "struct", "set(mbuf.m_len)"},
        {false, "query", "--db", "DB", "--count", "--count", "set(mbuf.m_len)"},
        {false, "query", "--db", "DB", "--explain=true", "set(mbuf.m_len)"},
        {false, "query", "--db", "DB", "set(mbuf.m_len)", "get(mbuf.m_len)"},
        {false, "query", "--db", "DB", "--nope", "set(mbuf.m_len)"},
        {false, "query", "--db", "-q", "set(mbuf.m_len)"},
        {false, "query", "--db=", "set(mbuf.m_len)"},
        {false, "query", "--db", "DB", "--", "set(mbuf.m_len)"},
        {false, "-q", "-q", "query", "--db", "DB", "set(mbuf.m_len)"},
        {false, "--quiet", "query", "-q", "--db", "DB", "set(mbuf.m_len)"},
        {false, "--debug", "query", "--db", "NODB", "set(mbuf.m_len)"},
        {false, "query", "--db", "DB", "--debug", "set(mbuf.m_lne)"},
        {false, "query", "--db", "DB", "@args"},
        {false, "structs", "--db", "DB", "mbuf", "m_hdr"},
        {false, "structs", "--db", "DB", "--count", "mbuf"},
        {false, "structs", "--db", "DB", "--format", "klas", "mbuf"},
        {false, "structs", "mbuf"},
        {false, "strucs", "--db", "DB", "mbuf"},
        {false, "validate"},
        {false},
    };

    @BeforeAll
    static void extract() throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src);
        for (String f : List.of("main.c", "mbuf.c", "fileops.c", "mbuf.h")) {
            Files.copy(Run.repo().resolve("samples/mbuf-user").resolve(f), src.resolve(f));
        }
        db = tmp.resolve("symbols.db");
        Run r = Run.klas("--quiet", "extract", "--root", src.toString(), "--db", db.toString(),
                src.resolve("main.c").toString(), src.resolve("mbuf.c").toString(), src.resolve("fileops.c").toString());
        assertEquals(0, r.exitCode(), r.err());
        Files.writeString(tmp.resolve("text.db"), "not a table\n");
        Files.writeString(tmp.resolve("args"), "--count\n");
    }

    @Test
    void bothReadersGiveTheSameOutputAndExitCode() {
        for (Object[] line : LINES) {
            String[] args = args(line);
            String shown = String.join(" ", args);
            assertEquals(line[0], ShortCommand.read(args).isPresent(), "short reader takes: " + shown);
            Result shortPath = run(Main::run, args);
            Result picocli = run(Picocli::run, args);
            assertEquals(picocli, shortPath, shown);
        }
    }

    @Test
    void theShortPathWorks() {
        Result r = run(Main::run, args(new Object[] {true, "query", "--db", "DB", "--count", "set(mbuf.m_len)"}));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("mbuf.m_len"), r.out());
    }

    /** The point of the short path: a query runs without loading a single picocli class. */
    @Test
    void loadsNoPicocliClass() throws Exception {
        Path log = tmp.resolve("classes.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-Xlog:class+load:file=" + log, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args(new Object[] {true, "query", "--db", "DB", "set(mbuf.m_len)"})));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("out.txt").toFile())
                .start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("out.txt")));
        String classes = Files.readString(log);
        assertTrue(classes.contains("dev.klas.cli.ShortCommand"), "the log names the classes loaded");
        assertFalse(classes.contains(" picocli."), "picocli classes loaded by a plain query");
    }

    private static String[] args(Object[] line) {
        String[] out = new String[line.length - 1];
        for (int i = 1; i < line.length; i++) {
            out[i - 1] = ((String) line[i]).replace("NODB", tmp.resolve("none.db").toString())
                    .replace("TEXT", tmp.resolve("text.db").toString()).replace("DB", db.toString())
                    .replace("@args", "@" + tmp.resolve("args"));
        }
        return out;
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(Runner runner, String[] args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = runner.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString().replaceAll("(?m)^\\t(at |\\.\\.\\. ).*\\R", ""));
    }

    @FunctionalInterface
    private interface Runner {
        int run(String[] args, PrintWriter out, PrintWriter err);
    }
}
