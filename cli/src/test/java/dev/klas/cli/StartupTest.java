package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * What makes a short command start fast must not change what it does: {@link Main} registers only the subcommand a
 * line names, yet every subcommand still answers under its own name, {@code klas --help} lists them all, and
 * klas's own options may come first; {@link Warmup} writes SQLite's native library as the jar holds it, also over
 * a file that differs.
 */
class StartupTest {
    @Test
    void eachSubcommandAnswersUnderItsName() {
        assertEquals(18, Klas.SUBCOMMANDS.size());
        for (String name : Klas.SUBCOMMANDS.keySet()) {
            if (name.equals("help")) {
                continue;
            }
            Result r = run(name, "--help");
            assertEquals(0, r.code(), name);
            assertTrue(r.out().startsWith("Usage: klas " + name + " "), name + ": " + r.out());
        }
        Result all = run("--help");
        for (String name : Klas.SUBCOMMANDS.keySet()) {
            assertTrue(all.out().contains("\n  " + name + " "), name + " in " + all.out());
        }
        assertTrue(run("help", "structs").out().startsWith("Usage: klas structs "));
    }

    @Test
    void findsTheSubcommandAfterKlasOptions() {
        assertEquals(Optional.of("structs"), Klas.requested(new String[] {"-q", "--debug", "structs", "--db", "x"}));
        assertEquals(Optional.of("weave"), Klas.requested(new String[] {"weave", "query"}));
        assertEquals(Optional.empty(), Klas.requested(new String[] {"strucs", "sk_buff"}));
        assertEquals(Optional.empty(), Klas.requested(new String[] {"--version"}));
        Result typo = run("strucs");
        assertEquals(ExitCode.USAGE, typo.code());
        assertTrue(typo.err().contains("'strucs'"), typo.err());
        Result quiet = run("-q", "validate", Path.of("..", "samples", "aspects", "log_reset_len.xml").toString());
        assertEquals(0, quiet.code(), quiet.err());
    }

    @Test
    void writesTheNativeLibraryAsTheJarHoldsIt(@TempDir Path dir) throws Exception {
        byte[] jar;
        try (InputStream in = LibraryLoaderUtil.class.getResourceAsStream(LibraryLoaderUtil.getNativeLibResourcePath()
                + "/" + LibraryLoaderUtil.getNativeLibName())) {
            jar = in.readAllBytes();
        }
        Path lib = Warmup.extractSqlite(dir);
        assertArrayEquals(jar, Files.readAllBytes(lib));
        Files.write(lib, new byte[] {1, 2, 3});
        assertArrayEquals(jar, Files.readAllBytes(Warmup.extractSqlite(dir)));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left");
        }
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }
}
