package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * klas export on samples/mbuf-user -O2, each output checked by its own tool (Debian's bpftrace 0.17, linux-perf,
 * systemtap 4.8, installed by scripts/install-packages base): bpftrace {@code -d} (its dry run: parse and semantic
 * analysis, no attaching), {@code perf probe --dry-run -x BIN} (resolves each probe in the binary without adding
 * it), {@code stap -p2} (elaboration against the binary's DWARF; -r names the installed Debian cloud kernel because
 * the kernel running this test may have no build tree). The probes must be the join points klas resolve prints.
 */
class ExportCommandTest {
    private static final String POINTCUT = "field-access(mbuf.m_len) || fp-call(fileops.*)";

    @TempDir
    static Path tmp;
    static Sample sample;
    static List<String> joinPoints = new ArrayList<>();
    static List<String> addresses = new ArrayList<>();

    @BeforeAll
    static void build() throws Exception {
        sample = Sample.make(tmp);
        Run r = Run.klas("resolve", "--db", sample.db().toString(), "--binary", sample.o2().toString(), "--format",
                "json", POINTCUT);
        assertEquals(0, r.exitCode(), r.err());
        for (JsonNode res : new ObjectMapper().readTree(r.out())) {
            for (JsonNode jp : res.get("joinPoints")) {
                String sym = jp.get("symbol").asText();
                long off = jp.get("offset").asLong();
                String at = sym + (off == 0 ? "" : "+0x" + Long.toHexString(off));
                joinPoints.add(at);
                addresses.add(jp.get("address").asText());
            }
        }
        assertTrue(joinPoints.size() > 3, joinPoints.toString());
    }

    @Test
    void bpftraceAcceptsTheScript() throws Exception {
        Path script = tmp.resolve("probes.bt");
        Run r = Run.klas("--quiet", "export", "--db", sample.db().toString(), "--binary", sample.o2().toString(),
                "--format", "bpftrace", "--out", script.toString(), POINTCUT);
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err());
        String text = Files.readString(script);
        List<String> probes = lines(text, "^uprobe:" + Pattern.quote(sample.o2().toString()) + ":(\\S+)$");
        assertEquals(addresses, probes);
        assertTrue(text.contains("lie inside a function: a bpftrace built without"), text);
        String ast = Tools.run(tmp, "bpftrace", "-d", script.toString());
        assertTrue(ast.contains("AST after: Semantic"), ast);
    }

    @Test
    void perfProbeResolvesEveryProbe() throws Exception {
        Run r = Run.klas("export", "--db", sample.db().toString(), "--binary", sample.o2().toString(),
                "--format", "perf-probe", POINTCUT);
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = Pattern.compile("(?m)^perf probe -x (\\S+) -a '(klas:klas_\\d+)=(0x[0-9a-f]+)'$").matcher(r.out());
        List<String> seen = new ArrayList<>();
        List<Long> written = new ArrayList<>();
        List<Long> expected = new ArrayList<>();
        while (m.find()) {
            assertEquals(sample.o2().toString(), m.group(1));
            seen.add(m.group(3));
            String out = Tools.run(tmp, "perf", "probe", "-v", "--dry-run", "-x", m.group(1), "-a",
                    m.group(2) + "=" + m.group(3));
            Matcher w = Pattern.compile("Writing event: p:klas/klas_\\d+ \\S+:0x([0-9a-f]+)").matcher(out);
            assertTrue(w.find(), out);
            written.add(Long.parseLong(w.group(1), 16));
            expected.add(fileOffset(Long.decode(m.group(3))));
        }
        assertEquals(addresses, seen);
        assertEquals(expected, written, "perf writes each probe at the file offset of its address (readelf -l)");
    }

    @Test
    void systemtapElaboratesTheScript() throws Exception {
        Path script = tmp.resolve("probes.stp");
        Run r = Run.klas("export", "--db", sample.db().toString(), "--binary", sample.o2().toString(),
                "--format", "systemtap", "--out", script.toString(), POINTCUT);
        assertEquals(0, r.exitCode(), r.err());
        String text = Files.readString(script);
        assertTrue(text.contains("probe process(\"" + sample.o2() + "\").statement(\"m_"), text);
        String release = cloudRelease();
        String out = Tools.run(tmp, "stap", "-r", release, "-p2", script.toString());
        assertTrue(out.contains("# probes") && out.contains(".statement("), out);
    }

    /** The Debian cloud kernel installed by scripts/install-packages testbed (its build tree is what stap checks). */
    static String cloudRelease() throws java.io.IOException {
        try (var s = Files.list(Path.of("/lib/modules"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("-cloud-amd64")).findFirst()
                    .orElseThrow(() -> new AssertionError(
                            "no Debian cloud kernel under /lib/modules (scripts/install-packages testbed)"));
        }
    }

    /** The file offset of a virtual address, through the LOAD segments readelf -l lists. */
    private static long fileOffset(long address) {
        Matcher seg = Pattern.compile("(?m)^\\s+LOAD\\s+0x([0-9a-f]+) 0x([0-9a-f]+) \\S+ 0x([0-9a-f]+) 0x([0-9a-f]+)")
                .matcher(Tools.run(tmp, "readelf", "-lW", sample.o2().toString()));
        while (seg.find()) {
            long offset = Long.parseLong(seg.group(1), 16);
            long vaddr = Long.parseLong(seg.group(2), 16);
            if (address >= vaddr && address < vaddr + Long.parseLong(seg.group(3), 16)) {
                return address - vaddr + offset;
            }
        }
        throw new AssertionError("no LOAD segment holds 0x" + Long.toHexString(address));
    }

    private static List<String> lines(String text, String regex) {
        Matcher m = Pattern.compile("(?m)" + regex).matcher(text);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
