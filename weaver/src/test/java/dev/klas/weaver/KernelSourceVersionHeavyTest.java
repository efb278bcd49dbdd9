package dev.klas.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.klas.resolve.joinpoint.Binary;
import dev.klas.symbols.ExtractionListener;
import dev.klas.symbols.Shadow;
import dev.klas.symbols.ShadowKind;
import dev.klas.symbols.ShadowQuery;
import dev.klas.symbols.SymbolTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No false refusal on real code: Debian's debug vmlinux was built from the source of the tree
 * scripts/prepare-kernel-tree prepares, so the definition lines klas reads from its 29 files (macro-made definitions
 * such as SYSCALL_DEFINE left out) must all be where the vmlinux's DWARF puts them — and there must be many of them,
 * or the check would prove nothing. A file shifted by a line must then be caught.
 */
class KernelSourceVersionHeavyTest {
    @Test
    void theKernelsOwnSourcesMatchTheDebugVmlinux(@TempDir Path work) throws Exception {
        assumeTrue(Boolean.getBoolean("klas.heavy"), "heavy: extracts 29 kernel files and reads the debug vmlinux");
        String release = Proc.run(Path.of("."), Map.of(), List.of("sh", "-c",
                "ls /usr/lib/debug/boot/ | sed -n 's/^vmlinux-//p' | sort | tail -1")).ok().out().trim();
        Path vmlinux = Path.of("/usr/lib/debug/boot/vmlinux-" + release);
        assertTrue(Files.isRegularFile(vmlinux), "no debug vmlinux (scripts/install-packages kernel)");
        Path repo = SampleBuild.repo();
        Path tree = Path.of(Proc.run(repo, Map.of(), List.of(repo.resolve("scripts/prepare-kernel-tree").toString(),
                "--print-dir")).ok().out().trim());
        List<Path> sources = Proc.run(repo, Map.of(), List.of(repo.resolve("scripts/prepare-kernel-tree").toString(),
                "--print-sources")).ok().out().lines().map(tree::resolve).toList();
        Path db = work.resolve("kernel.db");
        Weaver.extract(new ExtractRequest(Optional.of(tree.resolve("compile_commands.json")), List.of(), List.of(),
                List.of(), tree, db, 2, sources), ExtractionListener.NONE);
        List<Shadow> functions;
        SourceVersion version;
        try (SymbolTable table = SymbolTable.open(db)) {
            functions = table.query(ShadowQuery.all().withKinds(Set.of(ShadowKind.FUNCTION)).withFile("*.c"));
            version = Weaver.version(table, functions);
        }
        Binary binary = Binaries.open(vmlinux);
        SourceVersion.Comparison c = version.compare(binary);
        System.out.println("KernelSourceVersionHeavyTest: " + c.compared() + " definitions in "
                + version.definitions().size() + " files compared with " + vmlinux);
        assertEquals(List.of(), c.moved(), "definitions the vmlinux puts elsewhere");
        assertTrue(c.compared() >= 1000, "compared only " + c.compared() + " definitions");

        String file = "net/core/skbuff.c";
        Map<String, Integer> shifted = new java.util.TreeMap<>();
        version.definitions().get(file).forEach((name, line) -> shifted.put(name, line + 1));
        SourceVersion.Comparison off = new SourceVersion(Map.of(file, shifted)).compare(binary);
        assertTrue(off.compared() > 0 && off.moved().size() == off.compared(), file + " shifted by one line: " + off);
    }
}
