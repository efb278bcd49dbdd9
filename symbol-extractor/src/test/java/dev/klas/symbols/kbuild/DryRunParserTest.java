package dev.klas.symbols.kbuild;

import dev.klas.symbols.config.ShellWords;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.symbols.config.CompileFlags;
import dev.klas.symbols.config.CompileFlags.MacroOption;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recipes that {@code make -n -k -o prepare if-changed-cond=1 .} printed for Linux 6.1 (cloud config), copied
 * unchanged into src/test/resources/kbuild/dry-run.txt: a continued sub-make line, a host object of scripts/, five
 * C compiles (init/main.c, init/version.c with a forced include, lib/crc32.c, lib/cmdline.c compiled again for the
 * EFI stub, the module virtio_blk), an assembler unit, and the recipes that make init/utsversion-tmp.h,
 * lib/gen_crc32table and lib/crc32table.h. Each compile line also holds its command a second time, quoted, as
 * fixdep's argument.
 */
class DryRunParserTest {
    static final Path TREE = Path.of("/src/linux");
    static DryRun run;

    @BeforeAll
    static void parse() throws IOException {
        try (BufferedReader in = Files.newBufferedReader(Path.of("src/test/resources/kbuild/dry-run.txt"))) {
            run = DryRunParser.parse(in, TREE);
        }
    }

    static KernelUnit unit(String object) {
        return run.units().stream().filter(u -> u.object().equals(object)).findFirst().orElseThrow();
    }

    static Map<String, String> macros(CompileFlags flags) {
        return flags.macros().stream().filter(MacroOption::defined)
                .collect(Collectors.toMap(MacroOption::name, MacroOption::value, (a, b) -> b));
    }

    @Test
    void everyKernelCCompileOnceInOrderAndNothingElse() {
        assertEquals(List.of("init/main.o", "init/version.o", "lib/crc32.o",
                        "drivers/firmware/efi/libstub/lib-cmdline.o", "drivers/block/virtio_blk.o"),
                run.units().stream().map(KernelUnit::object).toList());
        assertEquals(List.of("init/main.c", "init/version.c", "lib/crc32.c", "lib/cmdline.c",
                "drivers/block/virtio_blk.c"), run.units().stream().map(KernelUnit::source).toList());
        assertEquals(1, run.asmUnits(), "arch/x86/entry/entry_64.S");
        assertEquals(1, run.hostUnits(), "scripts/genksyms/parse.tab.o");
    }

    @Test
    void modulesAreNamedByKbuildModname() {
        assertEquals("virtio_blk.ko", unit("drivers/block/virtio_blk.o").target());
        assertTrue(unit("drivers/block/virtio_blk.o").inModule());
        assertEquals("vmlinux", unit("init/main.o").target());
        assertTrue(macros(unit("drivers/block/virtio_blk.o").command().flags()).containsKey("MODULE"));
        assertFalse(macros(unit("init/main.o").command().flags()).containsKey("MODULE"));
    }

    @Test
    void macrosKeepTheirQuotedValues() {
        Map<String, String> m = macros(unit("init/main.o").command().flags());
        assertEquals("\"main\"", m.get("KBUILD_MODNAME"));
        assertEquals("\"main\"", m.get("KBUILD_BASENAME"));
        assertEquals("\"init/main\"", m.get("KBUILD_MODFILE"));
        assertEquals("kmod_main", m.get("__KBUILD_MODNAME"));
        assertEquals("1", m.get("__KERNEL__"));
        assertEquals("1", m.get("CC_USING_FENTRY"));
        assertEquals("\"virtio_blk\"", macros(unit("drivers/block/virtio_blk.o").command().flags())
                .get("KBUILD_MODNAME"));
    }

    @Test
    void includePathsAndForcedIncludesInOrderAbsoluteInTheTree() {
        var main = unit("init/main.o").command();
        assertEquals(TREE.resolve("init/main.c"), main.file());
        assertEquals(TREE, main.directory());
        assertEquals(List.of("arch/x86/include", "arch/x86/include/generated", "include", "arch/x86/include/uapi",
                        "arch/x86/include/generated/uapi", "include/uapi", "include/generated/uapi").stream()
                .map(TREE::resolve).toList(), main.flags().includes());
        assertEquals(List.of("include/linux/compiler-version.h", "include/linux/kconfig.h",
                "include/linux/compiler_types.h").stream().map(TREE::resolve).toList(), main.flags().forcedIncludes());
        assertEquals(TREE.resolve("init/utsversion-tmp.h"),
                unit("init/version.o").command().flags().forcedIncludes().get(3));
        assertTrue(main.flags().noStdInc());
        assertTrue(main.flags().probeFlags().contains("-std=gnu11"));
        assertTrue(main.flags().probeFlags().contains("-mcmodel=kernel"));
    }

    @Test
    void filesOtherRecipesMakeAreKnownAndObjectsAreNotAmongThem() {
        assertTrue(run.madeFiles().containsAll(List.of("lib/crc32table.h", "lib/gen_crc32table",
                "init/utsversion-tmp.h")), run.madeFiles().toString());
        assertFalse(run.madeFiles().contains("init/main.o"));
        assertFalse(run.madeFiles().contains("lib/crc32.o"));
    }

    @Test
    void shellQuotingAndOperators() {
        assertEquals(List.of(List.of("gcc", "-DKBUILD_MODNAME=\"x\"", "-c", "a.c"), List.of("echo", "it's"),
                        List.of("b"), List.of("c")),
                ShellWords.commands("gcc -D'KBUILD_MODNAME=\"x\"' -c a.c; echo 'it'\\''s' && b || c"));
        assertEquals(List.of(List.of("fixdep", "gcc -c -o a.o a.c")), ShellWords.commands("fixdep 'gcc -c -o a.o a.c'"));
        assertEquals(List.of(List.of("x\"y", "a b")), ShellWords.commands("\"x\\\"y\" a\\ b"));
    }

    @Test
    void aSourceThatIsNotCOrAssemblerIsNoUnit() throws IOException {
        DryRun r = DryRunParser.parse(new BufferedReader(new StringReader(
                "gcc -D__KERNEL__ -c -o a.o a.rs\ngcc -D__KERNEL__ -c -o b.o b.c \\\n -DX=1\n")), TREE);
        assertEquals(List.of("b.c"), r.units().stream().map(KernelUnit::source).toList());
        assertEquals("1", macros(r.units().get(0).command().flags()).get("X"));
    }
}
