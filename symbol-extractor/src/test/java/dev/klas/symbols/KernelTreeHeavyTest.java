package dev.klas.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.symbols.config.CompileCommand;
import dev.klas.symbols.config.CompileCommands;
import dev.klas.symbols.config.CompileFlags;
import dev.klas.symbols.kbuild.DryRun;
import dev.klas.symbols.kbuild.DryRunParser;
import dev.klas.symbols.kbuild.KernelTree;
import dev.klas.symbols.kbuild.KernelTreeException;
import dev.klas.symbols.kbuild.KernelUnit;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code extract --kernel-tree}'s units of the Linux 6.1 tree that scripts/prepare-kernel-tree prepares (cloud
 * config, 29 objects built): their flags against the kernel's own scripts/clang-tools/gen_compile_commands.py (which
 * reads the .cmd files of the built objects), the units against a plain {@code make -n} (which lists only what is
 * out of date), and the tree unchanged by both dry runs (vmlinux, and with modules). Heavy: -Dklas.heavy=true;
 * about two minutes.
 * -Dklas.kernel.tree=DIR takes another tree prepared the same way (a copy, to try changes that may write in it).
 */
@EnabledIfSystemProperty(named = "klas.heavy", matches = "true")
class KernelTreeHeavyTest {
    static Path tree;
    static List<String> builtObjects;
    static DryRun vmlinux;
    static DryRun all;
    static Map<String, String> changed;
    static KernelTreeException dryRunFailure;

    @BeforeAll
    static void dryRun() throws Exception {
        String dir = System.getProperty("klas.kernel.tree", "");
        tree = Path.of(dir.isEmpty() ? Scripts.run("prepare-kernel-tree", "--print-dir").strip() : dir);
        builtObjects = Scripts.run("prepare-kernel-tree", "--print-objects").lines().toList();
        Map<String, String> before = snapshot(tree);
        try {
            vmlinux = KernelTree.open(tree).units(false);
            all = KernelTree.open(tree).units(true);
        } catch (KernelTreeException e) {
            dryRunFailure = e;
        }
        Map<String, String> after = snapshot(tree);
        changed = new HashMap<>();
        after.forEach((p, s) -> {
            if (!s.equals(before.get(p))) {
                changed.put(p, s);
            }
        });
        before.keySet().stream().filter(p -> !after.containsKey(p)).forEach(p -> changed.put(p, "deleted"));
    }

    /** Every file and folder below the tree (the tree's own folder aside) with its size and modification time. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new HashMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.filter(p -> !p.equals(dir))::iterator) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                out.put(dir.relativize(p).toString(), a.size() + " " + a.lastModifiedTime().toMillis());
            }
        }
        return out;
    }

    @Test
    void theDryRunWritesNothingInTheTree() {
        assertEquals(Map.of(), changed, "dry run " + (dryRunFailure == null ? "succeeded" : "failed: " + dryRunFailure));
    }

    @Test
    void vmlinuxHasAbout2100UnitsAndTheBuiltObjectsAreAmongThem() throws Exception {
        if (dryRunFailure != null) {
            throw dryRunFailure;
        }
        Set<String> objects = vmlinux.units().stream().map(KernelUnit::object).collect(Collectors.toSet());
        assertEquals(vmlinux.units().size(), objects.size(), "each object once");
        assertTrue(vmlinux.units().size() > 1900 && vmlinux.units().size() < 2400, "units: " + vmlinux.units().size());
        assertTrue(vmlinux.units().stream().allMatch(u -> u.target().equals(KernelUnit.VMLINUX)));
        Map<String, KernelUnit> byObject = all.units().stream()
                .collect(Collectors.toMap(KernelUnit::object, Function.identity()));
        for (String o : builtObjects) {
            assertTrue(Files.isRegularFile(tree.resolve(o)), o + " is built");
            assertTrue(byObject.containsKey(o), o + " is listed although it is built");
            assertEquals(objects.contains(o), !byObject.get(o).inModule(), o);
        }
        assertEquals(objects, all.units().stream().filter(u -> !u.inModule()).map(KernelUnit::object)
                .collect(Collectors.toSet()), "--modules keeps vmlinux's units");
        assertTrue(all.units().size() > 2 * vmlinux.units().size(), "modules: " + all.units().size());

        Set<String> outOfDate = plainDryRun();
        Set<String> built = builtObjects.stream().filter(objects::contains).collect(Collectors.toSet());
        assertTrue(built.size() >= 25, built.toString());
        assertTrue(built.stream().noneMatch(outOfDate::contains), "a plain make -n leaves out built objects");
        Set<String> union = new TreeSet<>(outOfDate);
        union.addAll(built);
        assertEquals(new TreeSet<>(objects), union);
    }

    /** The objects of {@code make -n -k -o prepare .}: only those that are out of date. */
    private static Set<String> plainDryRun() throws Exception {
        Process p = new ProcessBuilder("make", "-n", "-k", "-o", "prepare", ".").directory(tree.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        DryRun r;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            r = DryRunParser.parse(in, tree);
        }
        assertEquals(0, p.waitFor());
        return r.units().stream().map(KernelUnit::object).collect(Collectors.toSet());
    }

    @Test
    void flagsAreThoseOfTheKernelsOwnCompileCommands(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("compile_commands.json");
        Process p = new ProcessBuilder("python3", tree.resolve("scripts/clang-tools/gen_compile_commands.py")
                .toString(), "-d", tree.toString(), "-o", json.toString(), tree.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertEquals(0, p.waitFor());
        Map<Path, CompileCommand> theirs = CompileCommands.read(json).stream()
                .collect(Collectors.toMap(CompileCommand::file, Function.identity(), (a, b) -> a));
        if (dryRunFailure != null) {
            throw dryRunFailure;
        }
        Map<String, KernelUnit> ours = all.units().stream()
                .collect(Collectors.toMap(KernelUnit::object, Function.identity()));
        List<String> differ = new ArrayList<>();
        for (String o : builtObjects) {
            KernelUnit u = ours.get(o);
            CompileCommand t = theirs.get(tree.resolve(o.replaceAll("\\.o$", ".c")));
            assertTrue(u != null && t != null, o + ": ours " + u + ", theirs " + t);
            assertEquals(t.file(), u.command().file());
            assertEquals(t.directory(), u.command().directory());
            CompileFlags a = t.flags();
            CompileFlags b = u.command().flags();
            compare(differ, o, "-D/-U", a.macros(), b.macros());
            compare(differ, o, "-I", a.includes(), b.includes());
            compare(differ, o, "-iquote", a.quoteIncludes(), b.quoteIncludes());
            compare(differ, o, "-isystem", a.systemIncludes(), b.systemIncludes());
            compare(differ, o, "-include", a.forcedIncludes(), b.forcedIncludes());
            compare(differ, o, "other flags", a.probeFlags(), b.probeFlags());
            compare(differ, o, "compiler", List.of(a.compiler()), List.of(b.compiler()));
        }
        assertEquals(List.of(), differ);
    }

    private static void compare(List<String> differ, String object, String what, List<?> theirs, List<?> ours) {
        if (!theirs.equals(ours)) {
            differ.add(object + " " + what + ":\n  gen_compile_commands.py " + theirs + "\n  --kernel-tree           "
                    + ours);
        }
    }
}
