package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code klas extract --kernel-tree} on a stand-in tree (src/test/resources/fake-kernel): its Makefile prints
 * Kbuild-style recipes for the dry run, one of them making net/table.h, which net/b.c includes. The Linux tree itself
 * is KernelTreeHeavyTest's (symbol-extractor).
 */
class KernelTreeExtractTest {
    @TempDir
    Path tmp;

    private Path tree(boolean configured) throws IOException {
        Path src = Path.of("src/test/resources/fake-kernel").toAbsolutePath();
        Path dst = tmp.resolve("linux");
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path to = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        Files.move(dst.resolve("dot-config"), dst.resolve(configured ? ".config" : "config.unused"));
        if (configured) {
            Files.setLastModifiedTime(dst.resolve(".config"), FileTime.fromMillis(1_000_000));
        }
        return dst;
    }

    private Run extract(Path tree, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("extract", "--kernel-tree", tree.toString(), "--db",
                tmp.resolve("k.db").toString(), "--jobs", "2"));
        args.addAll(List.of(more));
        return Run.klas(args.toArray(String[]::new));
    }

    /**
     * The JSON listing carries each unit's command line as Kbuild gives it (what bench/kernel/run hands gcc): the
     * words of the recipe, shell quoting removed — compared with the Makefile's own recipe line.
     */
    @Test
    void printUnitsAsJsonGivesKbuildsCommandLine() throws Exception {
        Path t = tree(true);
        Run r = extract(t, "--print-units", "--format", "json");
        assertEquals(0, r.exitCode(), r.err());
        var units = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertEquals(3, units.size(), r.out());
        var a = units.get(0);
        assertEquals("net/a.c", a.get("source").asText());
        assertEquals(t.toString(), a.get("directory").asText());
        List<String> args = new java.util.ArrayList<>();
        a.get("arguments").forEach(w -> args.add(w.asText()));
        assertEquals(List.of("gcc", "-Wp,-MMD,net/.a.o.d", "-nostdinc", "-I./include", "-include", "./include/fake.h",
                "-D__KERNEL__", "-DKBUILD_MODNAME=\"a\"", "-c", "-o", "net/a.o", "net/a.c"), args);
        String recipe = Files.readAllLines(t.resolve("Makefile")).stream().filter(l -> l.contains("-o net/a.o net/a.c"))
                .findFirst().orElseThrow();
        assertTrue(recipe.contains(String.join(" ", args).replace("KBUILD_MODNAME=\"a\"", "KBUILD_MODNAME='\"a\"'")),
                recipe);
    }

    @Test
    void printUnitsListsKernelCUnitsOnlyWithTheirTarget() throws IOException {
        Path t = tree(true);
        Run r = extract(t, "--print-units");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("net/a.c\tnet/a.o\tvmlinux\nnet/b.c\tnet/b.o\tvmlinux\nfs/c.c\tfs/c.o\tvmlinux\n", r.out());
        Run m = extract(t, "--print-units", "--modules", "--units-under", "drivers");
        assertEquals("drivers/m.c\tdrivers/m.o\tm.ko\n", m.out(), m.err());
        assertFalse(Files.exists(tmp.resolve("k.db")), "--print-units extracts nothing");
        assertFalse(Files.exists(t.resolve("net/table.h")), "the dry run makes nothing");
    }

    @Test
    void aUnitNeedingAGeneratedFileFailsWithItsNameUntilKbuildMakesIt() throws IOException {
        Path t = tree(true);
        Run r = extract(t);
        assertEquals(ExitCode.PARTIAL, r.exitCode(), r.err());
        assertTrue(r.err().contains("failed: net/b.c: needs generated file net/table.h (included at net/b.c:1)"),
                r.err());
        assertTrue(r.err().contains("1 generated files are missing (net/table.h): --make-generated"), r.err());
        assertTrue(r.out().startsWith("3 files: 3 parsed, 0 up to date, 1 failed"), r.out());

        Run again = extract(t, "--make-generated");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(Files.isRegularFile(t.resolve("net/table.h")));
        assertFalse(Files.exists(t.resolve("net/a.o")), "only the generated file was made");
        assertTrue(again.out().startsWith("3 files: 1 parsed, 2 up to date, 0 failed"), again.out());
    }

    @Test
    void unitsUnderRestrictsTheExtraction() throws IOException {
        Run r = extract(tree(true), "--units-under", "fs");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("1 files: 1 parsed"), r.out());
        Run none = extract(tmp.resolve("linux"), "--units-under", "sound");
        assertEquals(ExitCode.INVALID_INPUT, none.exitCode(), none.err());
        assertTrue(none.err().contains("no unit of vmlinux lies under sound"), none.err());
    }

    @Test
    void anUnconfiguredOrUnpreparedTreeSaysWhatToRun() throws IOException {
        Path t = tree(false);
        Run r = extract(t);
        assertEquals(ExitCode.MISSING_ENVIRONMENT, r.exitCode(), r.err());
        assertTrue(r.err().contains(t + ": not configured (no .config)") && r.err().contains("make olddefconfig"),
                r.err());
        Files.move(t.resolve("config.unused"), t.resolve(".config"));
        Files.delete(t.resolve("include/generated/autoconf.h"));
        Run p = extract(t);
        assertEquals(ExitCode.MISSING_ENVIRONMENT, p.exitCode(), p.err());
        assertTrue(p.err().contains("not prepared (no include/generated/autoconf.h): run `make olddefconfig prepare"
                + " modules_prepare`"), p.err());
    }

    @Test
    void usageErrors() throws IOException {
        Run modules = Run.klas("extract", "--modules", "--compile-commands", "x.json");
        assertEquals(ExitCode.USAGE, modules.exitCode());
        assertTrue(modules.err().contains("need --kernel-tree DIR"), modules.err());
        Run missing = Run.klas("extract", "--kernel-tree", tmp.resolve("nothing").toString());
        assertEquals(ExitCode.USAGE, missing.exitCode());
        assertTrue(missing.err().contains("not a directory"), missing.err());
        Run both = Run.klas("extract", "--kernel-tree", tmp.toString(), "a.c");
        assertEquals(ExitCode.USAGE, both.exitCode());
        assertTrue(both.err().contains("leave out --compile-commands, -I, -D, --include and FILE"), both.err());
        Run abs = Run.klas("extract", "--kernel-tree", tmp.toString(), "--units-under", "/net");
        assertEquals(ExitCode.USAGE, abs.exitCode());
    }
}
