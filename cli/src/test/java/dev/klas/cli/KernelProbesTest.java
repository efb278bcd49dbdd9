package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.FunctionOffset;
import dev.klas.resolve.joinpoint.JoinPoint;
import dev.klas.resolve.joinpoint.PlaceKind;
import dev.klas.resolve.joinpoint.Precision;
import dev.klas.resolve.joinpoint.SourcePlace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kernel-side exports for a module and for vmlinux. The kernel running these tests is not the one the probes
 * are for (and has no tracefs here), so the checks are the tools' parsers: bpftrace -d (parse + semantic
 * analysis; an unknown kernel function is only a warning), stap -p1 (parse only: -p2 would need the target kernel's
 * debug info; -r names the installed Debian cloud kernel, as stap checks a build tree even to parse), and perf-probe(1)'s documented probe syntax {@code [EVENT=]FUNC[+OFFS]} with {@code -m MODULE}.
 * The join points are built here as data: one in a gcc clone, whose name is not a C identifier.
 */
class KernelProbesTest {
    static final List<JoinPoint> JPS = List.of(
            jp("mbuf.c", 22, "m_get", new FunctionOffset("m_get", 0x10, 0x2a), 0x3a),
            jp("mbuf.c", 48, "m_append", new FunctionOffset("m_append.constprop.0", 0x100, 0x6), 0x106));

    static JoinPoint jp(String file, int line, String fn, FunctionOffset at, long address) {
        return new JoinPoint(new SourcePlace(PlaceKind.FIELD_WRITE, file, line, 5, "mbuf", "m_len", fn), address,
                ".text", at, List.of(), new Precision.Line("test"), 4);
    }

    @Test
    void bpftraceParsesKprobes(@TempDir Path tmp) throws Exception {
        String text = Probes.bpftrace(JPS, Path.of("/lib/modules/x/mbuf_kmod.ko"), java.util.Map.of("m_get", 2));
        assertTrue(text.contains("\nkprobe:m_get+0x2a\n") && text.contains("\nkprobe:m_append.constprop.0+0x6\n"),
                text);
        assertTrue(text.contains("// m_get names 2 functions in this binary: the kernel may pick another copy\nkprobe:m_get"),
                text);
        assertTrue(!text.contains("m_append.constprop.0 names"), text);
        Path script = Files.writeString(tmp.resolve("k.bt"), text);
        String ast = Tools.run(tmp, "bpftrace", "-d", script.toString());
        assertTrue(ast.contains("kprobe:m_get+42") && ast.contains("kprobe:m_append.constprop.0+6"), ast);
    }

    @Test
    void systemtapParsesModuleAndKernelProbes(@TempDir Path tmp) throws Exception {
        String module = Probes.systemtap(JPS, Path.of("/x/mbuf-kmod.ko"));
        assertTrue(module.contains("probe module(\"mbuf_kmod\").statement(\"m_get@mbuf.c:22\")"), module);
        String kernel = Probes.systemtap(JPS, Path.of("/usr/lib/debug/boot/vmlinux-6.1"));
        assertTrue(kernel.contains("probe kernel.statement(0x3a).absolute"), kernel);
        for (String s : List.of(module, kernel)) {
            Path f = Files.writeString(tmp.resolve("p.stp"), s);
            String parsed = Tools.run(tmp, "stap", "-r", ExportCommandTest.cloudRelease(), "-p1", f.toString());
            assertTrue(parsed.contains("statement("), parsed);
        }
    }

    @Test
    void perfProbeLinesFollowTheDocumentedSyntax() {
        List<String> module = Probes.perfProbe(JPS, Path.of("/x/mbuf_kmod.ko")).lines()
                .filter(l -> l.startsWith("perf")).toList();
        assertEquals(List.of("perf probe -m /x/mbuf_kmod.ko -a 'klas:klas_1=m_get+42'",
                "perf probe -m /x/mbuf_kmod.ko -a 'klas:klas_2=m_append.constprop.0+6'"), module);
        List<String> vmlinux = Probes.perfProbe(JPS, Path.of("/boot/vmlinux-6.1")).lines()
                .filter(l -> l.startsWith("perf")).toList();
        assertEquals(List.of("perf probe -a 'klas:klas_1=0x3a'", "perf probe -a 'klas:klas_2=0x106'"), vmlinux);
        assertEquals(Optional.of("mbuf_kmod"), Probes.Space.of(Path.of("mbuf-kmod.ko")).module());
    }
}
