package dev.klas.resolve.joinpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.elf.ElfFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every access marked in samples/mbuf-user resolves, at -O0 and -O2, to instructions that do what the mark says,
 * judged by objdump's disassembly (the operand shows pahole's offset of the member; an fp-call is an indirect call;
 * a call targets the callee) and by objdump's decoded line table (the address belongs to the marked line, inlined
 * copies included). addr2line is not used: binutils 2.40's addr2line names the wrong file for DWARF 5 file entry 0.
 */
class ResolverTest {
    private static final Pattern OBJDUMP_ROW = Pattern.compile("^\\s*([0-9a-f]+):\\t(.*)$");

    @ParameterizedTest
    @ValueSource(strings = {"-O0", "-O2"})
    void markedAccessesResolveToTheInstructionsThatPerformThem(String opt, @TempDir Path dir) throws Exception {
        Path exe = MbufSample.build(dir.resolve("mbuf-user"), opt);
        Map<Long, String> disassembly = objdump(exe);
        Map<String, Long> offsets = Map.of("mbuf.m_hdr.mh_len", paholeOffset(exe, "m_hdr", "mh_len"),
                "mbuf.m_data", paholeOffset(exe, "m_hdr", "mh_data"));
        java.util.TreeMap<Long, java.util.Set<String>> lines = decodedLines(exe);
        Resolver resolver = new Resolver(new Binary(ElfFile.open(exe)));
        int access = 0;
        int total = 0;
        StringBuilder report = new StringBuilder();
        for (MbufSample.Expectation e : MbufSample.expectations()) {
            Resolution r = resolver.resolve(e.place());
            assertFalse(r.joinPoints().isEmpty(), e + ": " + r.problem());
            for (JoinPoint jp : r.joinPoints()) {
                total++;
                String insn = disassembly.get(jp.address());
                report.append(opt).append(' ').append(e.place()).append(" -> ").append(jp.function())
                        .append(' ').append(jp.precision()).append(" : ").append(insn).append('\n');
                java.util.Set<String> at = lines.floorEntry(jp.address()).getValue();
                assertTrue(at.contains(e.file() + ":" + e.line()), e + " at " + jp.function()
                        + " is not on the marked line but on " + at);
                if (!(jp.precision() instanceof Precision.Access)) {
                    continue;
                }
                access++;
                switch (e.kind()) {
                    case FP_CALL -> assertTrue(insn.startsWith("call") && insn.contains("*"), e + ": " + insn);
                    case CALL -> assertTrue(insn.startsWith("call") && insn.contains("<" + e.member()), e + ": " + insn);
                    default -> {
                        long offset = offsets.getOrDefault(e.struct() + "." + e.member(), -1L);
                        String operand = "0x" + Long.toHexString(offset) + "(%r";
                        assertTrue(insn.contains(operand), e + ": " + insn);
                        if (insn.startsWith("mov")) {
                            // AT&T order: a mov stores when the memory operand is its last operand
                            boolean store = insn.substring(insn.lastIndexOf(',') + 1).startsWith(operand);
                            assertEquals(e.kind() == PlaceKind.FIELD_WRITE, store, e + ": " + insn);
                        }
                    }
                }
            }
        }
        System.out.print(report);
        assertTrue(access * 10 >= total * 7, "at least 70% of the join points are access-precise:\n" + report);
    }

    private static Map<Long, String> objdump(Path exe) throws IOException, InterruptedException {
        Map<Long, String> out = new HashMap<>();
        for (String line : run("objdump", "-d", "--no-show-raw-insn", exe.toString()).split("\n")) {
            Matcher m = OBJDUMP_ROW.matcher(line);
            if (m.matches()) {
                out.put(Long.parseLong(m.group(1), 16), m.group(2).trim().replaceAll("\\s+", " "));
            }
        }
        return out;
    }

    private static long paholeOffset(Path exe, String struct, String member) throws IOException, InterruptedException {
        Matcher m = Pattern.compile("\\b" + member + ";\\s*/\\*\\s*(\\d+)").matcher(run("pahole", "-C", struct, exe.toString()));
        assertTrue(m.find(), "pahole shows " + struct + "." + member);
        return Long.parseLong(m.group(1));
    }

    /** Address → the FILE:LINE of every row of objdump --dwarf=decodedline that starts there. */
    private static java.util.TreeMap<Long, java.util.Set<String>> decodedLines(Path exe)
            throws IOException, InterruptedException {
        java.util.TreeMap<Long, java.util.Set<String>> out = new java.util.TreeMap<>();
        Pattern row = Pattern.compile("^(\\S+)\\s+(\\d+)\\s+0x([0-9a-f]+)");
        for (String line : run("objdump", "--dwarf=decodedline", exe.toString()).split("\n")) {
            Matcher m = row.matcher(line);
            if (m.find()) {
                out.computeIfAbsent(Long.parseLong(m.group(3), 16), k -> new java.util.TreeSet<>())
                        .add(m.group(1) + ":" + m.group(2));
            }
        }
        return out;
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
        return out;
    }
}
