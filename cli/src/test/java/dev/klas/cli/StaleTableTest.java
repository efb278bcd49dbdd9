package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A symbol table extracted before a source was edited gives the shadows of the old text: their lines would put hooks
 * on shifted code of the rebuilt binary. resolve and weave refuse it, naming the file, and write nothing; after
 * {@code klas extract} again they work.
 */
class StaleTableTest {
    @Test
    void anEditedSourceIsRefusedUntilReExtracted(@TempDir Path tmp) throws IOException {
        Path src = copyOfSample(tmp);
        Path build = tmp.resolve("build");
        Tools.run(src, "make", "-s", "OUT=" + build);
        Path db = tmp.resolve("symbols.db");
        String[] extract = {"extract", "--compile-commands", build.resolve("compile_commands.json").toString(),
                "--root", src.toString(), "--db", db.toString()};
        assertEquals(0, Run.klas(extract).exitCode());
        String aspect = Run.repo().resolve("samples/aspects/log_reset_len.xml").toString();
        Path exe = build.resolve("mbuf-user-O2");

        Files.writeString(src.resolve("mbuf.c"), "/* one */\n/* two */\n/* three */\n" + Files.readString(src.resolve("mbuf.c")));
        Files.delete(exe);
        Tools.run(src, "make", "-s", "OUT=" + build);

        Run resolve = Run.klas("resolve", "--db", db.toString(), "--binary", exe.toString(), "set(mbuf.m_len)");
        assertEquals(ExitCode.INVALID_INPUT, resolve.exitCode(), resolve.err());
        assertTrue(resolve.err().contains("out of date for 1 file the pointcut selects shadows in: mbuf.c (changed"
                + " since it was extracted); run klas extract again"), resolve.err());
        Path out = tmp.resolve("woven");
        Run weave = Run.klas("weave", "--aspect", aspect, "--binary", exe.toString(), "--db", db.toString(),
                "--target", "userspace", "--out", out.toString());
        assertEquals(ExitCode.INVALID_INPUT, weave.exitCode(), weave.err());
        assertTrue(weave.err().contains("mbuf.c (changed since it was extracted)"), weave.err());
        assertFalse(Files.exists(out), "nothing is written for a stale table");

        Run untouched = Run.klas("resolve", "--db", db.toString(), "--binary", exe.toString(),
                "get(mbuf.m_len) && within(\"fileops.c\")");
        assertEquals(0, untouched.exitCode(), "shadows only in unchanged files are not refused: " + untouched.err());

        assertEquals(0, Run.klas(extract).exitCode());
        Run again = Run.klas("weave", "--aspect", aspect, "--binary", exe.toString(), "--db", db.toString(),
                "--target", "userspace", "--out", out.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(Files.isRegularFile(out.resolve("libwoven.so")));
    }

    /**
     * The other way round: the source is edited and extracted again, but the binary is not rebuilt. The table is
     * fresh, the binary's DWARF puts mbuf.c's functions three lines higher than the table does: refused, naming a
     * function with both lines (read back from the binary with readelf as the oracle), nothing written. Rebuilt,
     * it weaves.
     */
    @Test
    void aBinaryBuiltFromOtherSourceIsRefused(@TempDir Path tmp) throws IOException {
        Path src = copyOfSample(tmp);
        Path build = tmp.resolve("build");
        Tools.run(src, "make", "-s", "OUT=" + build);
        Path exe = build.resolve("mbuf-user-O2");
        String before = Tools.run(src, "readelf", "--debug-dump=info", exe.toString());
        Files.writeString(src.resolve("mbuf.c"), "/* one */\n/* two */\n/* three */\n"
                + Files.readString(src.resolve("mbuf.c")));
        Path db = tmp.resolve("symbols.db");
        assertEquals(0, Run.klas("extract", "--compile-commands", build.resolve("compile_commands.json").toString(),
                "--root", src.toString(), "--db", db.toString()).exitCode());
        String aspect = Run.repo().resolve("samples/aspects/log_reset_len.xml").toString();

        Run resolve = Run.klas("resolve", "--db", db.toString(), "--binary", exe.toString(), "set(mbuf.m_len)");
        assertEquals(ExitCode.INVALID_INPUT, resolve.exitCode(), resolve.err());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\w+) at mbuf\\.c:(\\d+) in the table, line (\\d+)"
                + " in the binary").matcher(resolve.err());
        assertTrue(m.find(), resolve.err());
        assertEquals(Integer.parseInt(m.group(3)) + 3, Integer.parseInt(m.group(2)), resolve.err());
        assertTrue(before.matches("(?s).*DW_AT_name\\s*:\\s*(\\(indirect string, offset: 0x\\w+\\): )?" + m.group(1)
                + "\\s*\\n\\s*<[0-9a-f]+>\\s*DW_AT_decl_file\\s*:\\s*\\d+\\s*\\n\\s*<[0-9a-f]+>\\s*DW_AT_decl_line\\s*:\\s*"
                + m.group(3) + "\\b.*"), "readelf puts " + m.group(1) + " at line " + m.group(3));
        assertTrue(resolve.err().contains("was not built from the source that " + db + " read (mbuf.c)"),
                resolve.err());

        Path out = tmp.resolve("woven");
        Run weave = Run.klas("weave", "--aspect", aspect, "--binary", exe.toString(), "--db", db.toString(),
                "--target", "userspace", "--out", out.toString());
        assertEquals(ExitCode.INVALID_INPUT, weave.exitCode(), weave.err());
        assertTrue(weave.err().contains("was not built from the source"), weave.err());
        assertFalse(Files.exists(out), "nothing is written for a binary of other sources");

        Files.delete(exe);
        Tools.run(src, "make", "-s", "OUT=" + build);
        Run again = Run.klas("weave", "--aspect", aspect, "--binary", exe.toString(), "--db", db.toString(),
                "--target", "userspace", "--out", out.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(Files.isRegularFile(out.resolve("libwoven.so")));
    }

    /** A copy of samples/mbuf-user to edit, in {@code tmp/src}, with the samples' common.mk its Makefile includes. */
    private static Path copyOfSample(Path tmp) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.copy(Run.repo().resolve("samples/common.mk"), tmp.resolve("common.mk"));
        try (Stream<Path> files = Files.list(Run.repo().resolve("samples/mbuf-user"))) {
            for (Path f : files.toList()) {
                Files.copy(f, src.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return src;
    }
}
