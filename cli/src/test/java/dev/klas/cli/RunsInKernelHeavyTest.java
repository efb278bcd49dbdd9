package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's case on the real kernel: with net/ipv4/tcp_input.c extracted, every write to tcp_sock.snd_cwnd is in
 * include/net/tcp.h's tcp_snd_cwnd_set, so {@code withincode(tcp_ack)} (where the write is written) selects nothing,
 * while {@code runsin(tcp_ack)} (where its copies land in the debug vmlinux) keeps exactly the copies inside tcp_ack's
 * symbol range per readelf -s; {@code runsinfile} splits the copies by the file readelf lists the holding local
 * function under (its STT_FILE entry).
 */
class RunsInKernelHeavyTest {
    private static final String WRITES = "set(tcp_sock.snd_cwnd)";
    @TempDir
    static Path work;
    static Path vmlinux;
    static Path db;

    /** A function symbol of vmlinux, with the STT_FILE it is listed under when it is local. */
    record Symbol(String name, long start, long size, String file) {
        boolean holds(long address) {
            return Long.compareUnsigned(address - start, size) < 0;
        }
    }

    static final List<Symbol> symbols = new ArrayList<>();

    @BeforeAll
    static void extract() throws IOException {
        KernelBed.requireHeavy("resolves in the debug vmlinux");
        vmlinux = Path.of("/usr/lib/debug/boot/vmlinux-" + KernelBed.release());
        KernelBed.require(Files.isRegularFile(vmlinux), "no " + vmlinux + " (scripts/install-packages kernel)");
        Path repo = Run.repo();
        Path tree = Path.of(Tools.run(repo, repo.resolve("scripts/prepare-kernel-tree").toString(), "--print-dir")
                .trim());
        db = work.resolve("tcp.db");
        Run ex = Run.klas("extract", "--compile-commands", tree.resolve("compile_commands.json").toString(), "--root",
                tree.toString(), "--db", db.toString(), tree.resolve("net/ipv4/tcp_input.c").toString());
        assertEquals(0, ex.exitCode(), ex.out() + ex.err());
        Pattern row = Pattern.compile("^\\s*\\d+: ([0-9a-f]+)\\s+(\\d+) (FUNC|FILE)\\s+(\\S+)\\s+\\S+\\s+\\S+ (\\S+)$");
        String file = "";
        for (String line : Tools.run(work, "readelf", "-sW", vmlinux.toString()).lines().toList()) {
            Matcher m = row.matcher(line);
            if (!m.find()) {
                continue;
            }
            if (m.group(3).equals("FILE")) {
                file = m.group(5);
            } else {
                symbols.add(new Symbol(m.group(5), Long.parseUnsignedLong(m.group(1), 16), Long.parseLong(m.group(2)),
                        m.group(4).equals("LOCAL") ? file : ""));
            }
        }
    }

    private static Set<Long> resolve(String pointcut) throws IOException {
        Run r = Run.klas("resolve", "--db", db.toString(), "--binary", vmlinux.toString(), "--format", "json", pointcut);
        assertEquals(0, r.exitCode(), pointcut + ": " + r.err());
        Set<Long> out = new TreeSet<>();
        for (JsonNode shadow : new ObjectMapper().readTree(r.out())) {
            for (JsonNode jp : shadow.get("joinPoints")) {
                out.add(Long.parseUnsignedLong(jp.get("address").asText().substring(2), 16));
            }
        }
        return out;
    }

    private static List<Symbol> holders(long address) {
        return symbols.stream().filter(s -> s.holds(address)).toList();
    }

    @Test
    void withincodeFindsNothingRunsinFindsTheCopiesInTcpAck() throws IOException {
        Run in = Run.klas("resolve", "--db", db.toString(), "--binary", vmlinux.toString(),
                WRITES + " && withincode(tcp_ack)");
        assertEquals(1, in.exitCode(), in.out());
        assertTrue(in.err().contains("lies outside withincode(tcp_ack)"), in.err());

        Set<Long> all = resolve(WRITES);
        Set<Long> inTcpAck = all.stream().filter(a -> holders(a).stream().anyMatch(s -> s.name().equals("tcp_ack")
                || s.name().startsWith("tcp_ack."))).collect(Collectors.toCollection(TreeSet::new));
        assertFalse(inTcpAck.isEmpty(), "readelf puts a copy of tcp_snd_cwnd_set inside tcp_ack");
        assertTrue(all.size() > inTcpAck.size() + 5, "copies elsewhere too: " + all.size());
        Set<Long> runsIn = resolve(WRITES + " && runsin(tcp_ack)");
        assertEquals(inTcpAck, runsIn);
        Set<Long> rest = resolve(WRITES + " && !runsin(tcp_ack)");
        assertEquals(all.size(), runsIn.size() + rest.size());
        assertTrue(rest.stream().noneMatch(runsIn::contains));
    }

    @Test
    void runsinfileSplitsTheCopiesByTheHoldingFunctionsUnit() throws IOException {
        String unit = "runsinfile(\"net/ipv4/tcp_input.c\")";
        Set<Long> inUnit = resolve(WRITES + " && " + unit);
        Set<Long> outside = resolve(WRITES + " && !" + unit);
        assertEquals(resolve(WRITES).size(), inUnit.size() + outside.size());
        int checked = 0;
        for (long a : resolve(WRITES)) {
            List<String> files = holders(a).stream().map(Symbol::file).filter(f -> !f.isEmpty()).distinct().toList();
            if (files.size() == 1) {
                checked++;
                assertEquals(files.get(0).equals("tcp_input.c"), inUnit.contains(a),
                        "0x" + Long.toHexString(a) + " in " + holders(a));
            }
        }
        assertTrue(checked > 5 && !inUnit.isEmpty() && !outside.isEmpty(), "checked " + checked);
    }
}
