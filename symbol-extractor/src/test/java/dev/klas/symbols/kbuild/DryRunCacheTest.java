package dev.klas.symbols.kbuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kbuild's answer is kept in the table and reused while nothing it depends on changed. The tree is a stand-in for a
 * kernel tree: its Makefile prints one kernel compile per name in OBJS and appends a line to runs.log each time make
 * reads it (a {@code $(shell)} runs under {@code make -n} too), so the log counts the dry runs that really ran.
 */
class DryRunCacheTest {
    @TempDir
    Path tmp;
    Path tree;
    Path db;

    @BeforeEach
    void tree() throws IOException {
        tree = Files.createDirectories(tmp.resolve("linux"));
        db = tmp.resolve("kernel.db");
        makefile("a b");
        Files.writeString(tree.resolve("Kconfig"), "");
        Files.writeString(tree.resolve(".config"), "CONFIG_A=y\n");
        Files.createDirectories(tree.resolve("include/generated"));
        Files.createDirectories(tree.resolve("include/config"));
        Files.writeString(tree.resolve("include/generated/autoconf.h"), "#define CONFIG_A 1\n");
        Files.writeString(tree.resolve("include/config/auto.conf"), "CONFIG_A=y\n");
        Files.setLastModifiedTime(tree.resolve(".config"), FileTime.fromMillis(1_000_000_000_000L));
    }

    private void makefile(String objs) throws IOException {
        Files.writeString(tree.resolve("Makefile"), "OBJS := " + objs + "\n"
                + "$(shell echo run >> runs.log)\n"
                + ".PHONY: .\n"
                + ".:\n"
                + "\t$(foreach o,$(OBJS),gcc -D__KERNEL__ -c -o $(o).o $(o).c;)\n");
    }

    private DryRunCache.Answer units() throws KernelTreeException {
        return new DryRunCache(db).units(KernelTree.open(tree), false);
    }

    private int runs() throws IOException {
        return Files.readAllLines(tree.resolve("runs.log")).size();
    }

    private static List<String> sources(DryRunCache.Answer a) {
        return a.run().units().stream().map(KernelUnit::source).toList();
    }

    @Test
    void reusedWhileNothingChangedAndAskedAgainAfterAMakefileEdit() throws Exception {
        DryRunCache.Answer first = units();
        assertFalse(first.cached());
        assertEquals(List.of("a.c", "b.c"), sources(first));
        assertEquals(1, runs());

        DryRunCache.Answer again = units();
        assertTrue(again.cached());
        assertEquals(1, runs(), "make did not run");
        assertEquals(first.run().units(), again.run().units(), "the same units, flags and command lines");

        makefile("a b c");
        DryRunCache.Answer edited = units();
        assertFalse(edited.cached());
        assertEquals(List.of("a.c", "b.c", "c.c"), sources(edited));
        assertEquals(2, runs());
        assertTrue(units().cached());
    }

    @Test
    void askedAgainAfterAConfigEditEvenWithItsOldModificationTime() throws Exception {
        units();
        assertTrue(units().cached());
        Path config = tree.resolve(".config");
        FileTime was = Files.getLastModifiedTime(config);
        Files.writeString(config, "CONFIG_A=n\n");
        Files.setLastModifiedTime(config, was);
        assertFalse(units().cached());
        assertEquals(2, runs());
    }

    @Test
    void aNewKbuildFileInASubfolderIsAnEdit() throws Exception {
        units();
        Files.createDirectories(tree.resolve("drivers"));
        Files.writeString(tree.resolve("drivers/Kbuild"), "obj-y += x.o\n");
        assertFalse(units().cached());
    }
}
