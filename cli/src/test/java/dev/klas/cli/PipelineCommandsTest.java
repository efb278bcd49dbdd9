package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * extract → query → resolve → lines on samples/mbuf-user, built here with its Makefile; checked against the sample's
 * expect marks, objdump's disassembly and decoded line table.
 */
class PipelineCommandsTest {
    @TempDir
    static Path tmp;
    static Path build;
    static Path db;

    @BeforeAll
    static void buildAndExtract() {
        Path sample = Run.repo().resolve("samples/mbuf-user");
        build = tmp.resolve("build");
        Tools.run(sample, "make", "-s", "OUT=" + build);
        db = tmp.resolve("symbols.db");
        Run r = Run.klas("extract", "--compile-commands", build.resolve("compile_commands.json").toString(),
                "--root", sample.toString(), "--db", db.toString(), "--jobs", "2");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().matches("3 files: 3 parsed, 0 up to date, 0 failed; \\d+ shadows written to .*\\n"), r.out());
    }

    @Test
    void extractAgainIsIncremental() {
        Run r = Run.klas("extract", "--compile-commands", build.resolve("compile_commands.json").toString(),
                "--root", Run.repo().resolve("samples/mbuf-user").toString(), "--db", db.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("3 files: 0 parsed, 3 up to date, 0 failed"), r.out());
    }

    @Test
    void queryFormats() throws IOException {
        Run klas = Run.klas("query", "--db", db.toString(), "--format", "klas", "set(mbuf.m_len)");
        assertEquals(List.of("mbuf.c:22:mbuf.m_len", "mbuf.c:48:mbuf.m_len", "mbuf.h:73:mbuf.m_len"),
                klas.out().lines().toList());
        Run json = Run.klas("query", "--db", db.toString(), "--format", "json", "fp-call(fileops.fo_read)");
        JsonNode rows = new ObjectMapper().readTree(json.out());
        assertEquals(1, rows.size());
        assertEquals("mbuf.h", rows.get(0).get("file").asText());
        assertEquals("FP_CALL", rows.get(0).get("kind").asText());
        Run text = Run.klas("query", "--db", db.toString(), "call(m_free)");
        assertTrue(text.out().startsWith("mbuf.c:36:"), text.out());
    }

    @Test
    void queryErrors(@TempDir Path dir) throws IOException {
        Run bad = Run.klas("query", "--db", db.toString(), "set(mbuf.)");
        assertEquals(ExitCode.INVALID_INPUT, bad.exitCode());
        assertTrue(bad.err().startsWith("<pointcut>:1:10: unexpected ')', expected a name\n  set(mbuf.)\n"), bad.err());
        Run missing = Run.klas("query", "--db", dir.resolve("none.db").toString(), "call(f)");
        assertEquals(ExitCode.INVALID_INPUT, missing.exitCode());
        Path foreign = Files.writeString(dir.resolve("foreign.db"), "not a database at all, just text");
        byte[] before = Files.readAllBytes(foreign);
        Run refused = Run.klas("query", "--db", foreign.toString(), "call(f)");
        assertEquals(ExitCode.INVALID_INPUT, refused.exitCode());
        assertTrue(refused.err().contains(foreign.toString()), refused.err());
        assertEquals(new String(before), Files.readString(foreign), "a foreign file is left untouched");
    }

    @Test
    void resolveJsonAgreesWithObjdump() throws IOException {
        Path exe = build.resolve("mbuf-user-O2");
        Run r = Run.klas("resolve", "--db", db.toString(), "--binary", exe.toString(), "--format", "json",
                "field-access(mbuf.m_len) || fp-call(fileops.*)");
        assertEquals(0, r.exitCode(), r.err());
        Map<Long, String> disassembly = objdump(exe);
        int access = 0;
        int line = 0;
        Set<String> shadows = new HashSet<>();
        for (JsonNode shadow : new ObjectMapper().readTree(r.out())) {
            assertFalse(shadow.get("joinPoints").isEmpty(), shadow.toString());
            shadows.add(shadow.get("file").asText() + ":" + shadow.get("line").asInt() + " " + shadow.get("kind").asText());
            for (JsonNode jp : shadow.get("joinPoints")) {
                long address = Long.parseLong(jp.get("address").asText().substring(2), 16);
                String insn = disassembly.get(address);
                assertTrue(insn != null && insn.startsWith(jp.get("symbol").asText() + "+0x"
                        + Long.toHexString(jp.get("offset").asLong()) + ">"),
                        jp + " vs " + insn);
                if (!jp.get("precision").asText().equals("LINE") && !jp.get("detail").asText().isEmpty()) {
                    access++;
                    String operand = jp.get("detail").asText();
                    assertTrue(insn.contains(operand), jp + " vs " + insn);
                } else if (jp.get("precision").asText().equals("LINE")) {
                    line++;
                    Set<Integer> rows = decodedLines(exe, shadow.get("file").asText()).getOrDefault(address, Set.of());
                    assertTrue(rows.contains(shadow.get("line").asInt()), "a LINE join point starts a row of its"
                            + " line: " + jp + " at rows " + rows);
                }
            }
        }
        assertEquals(expectMarks("(get|set|rw) mbuf\\.m_len|fpcall fileops\\.\\w+"), shadows,
                "shadows vs the sample's expect marks");
        assertTrue(access >= 8, "access-precise join points: " + access);
        assertTrue(line >= 1, "LINE join points checked: " + line);
    }

    /** FILE:LINE KIND of the sample's {@code expect:} comments whose text matches {@code which}. */
    private static Set<String> expectMarks(String which) throws IOException {
        Map<String, String> kinds = Map.of("get", "FIELD_READ", "set", "FIELD_WRITE", "rw", "FIELD_READWRITE",
                "fpcall", "FP_CALL");
        Pattern mark = Pattern.compile("/\\* expect: ((\\w+) \\S+) \\*/");
        Set<String> out = new HashSet<>();
        try (var files = Files.list(Run.repo().resolve("samples/mbuf-user"))) {
            for (Path f : files.filter(f -> f.toString().matches(".*\\.[ch]")).toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = mark.matcher(lines.get(i));
                    if (m.find() && m.group(1).matches(which)) {
                        out.add(f.getFileName() + ":" + (i + 1) + " " + kinds.get(m.group(2)));
                    }
                }
            }
        }
        assertFalse(out.isEmpty(), "no expect marks for " + which);
        return out;
    }

    @Test
    void resolveErrors() {
        Run noMatch = Run.klas("resolve", "--db", db.toString(), "--binary", build.resolve("mbuf-user-O2").toString(),
                "set(nosuch.member)");
        assertEquals(ExitCode.INVALID_INPUT, noMatch.exitCode());
        assertEquals("<pointcut>:1:1: set(nosuch.member): no struct matches 'nosuch'\n", noMatch.err());
        Tools.run(build, "objcopy", "--strip-debug", "mbuf-user-O2", "stripped");
        Run stripped = Run.klas("resolve", "--db", db.toString(), "--binary", build.resolve("stripped").toString(),
                "set(mbuf.m_len)");
        assertEquals(ExitCode.MISSING_ENVIRONMENT, stripped.exitCode());
        assertTrue(stripped.err().contains("no debug info (compile with -g"), stripped.err());
    }

    @Test
    void linesOfAFunctionAreRowStartsOfTheirLines() {
        Path exe = build.resolve("mbuf-user-O2");
        Run r = Run.klas("lines", "--binary", exe.toString(), "m_append");
        assertEquals(0, r.exitCode(), r.err());
        Map<Long, Set<Integer>> rows = decodedLines(exe, "mbuf.c");
        Pattern row = Pattern.compile("^\\s+(\\d+)  (0x[0-9a-f,x]+)\\s");
        int checked = 0;
        for (String line : r.out().lines().toList()) {
            Matcher m = row.matcher(line);
            if (m.find()) {
                for (String a : m.group(2).split(",")) {
                    Set<Integer> at = rows.getOrDefault(Long.parseLong(a.substring(2), 16), Set.of());
                    assertTrue(at.contains(Integer.parseInt(m.group(1))), line + " vs rows " + at);
                    checked++;
                }
            }
        }
        assertTrue(checked >= 8, r.out());
        assertTrue(r.out().contains("m->m_len = off + len;"), "source text is shown:\n" + r.out());
        Run range = Run.klas("lines", "--binary", exe.toString(), "mbuf.c:44-48");
        assertEquals(0, range.exitCode(), range.err());
        assertTrue(range.out().contains("     44  0x"), range.out());
        Run none = Run.klas("lines", "--binary", exe.toString(), "no_such_function");
        assertEquals(ExitCode.INVALID_INPUT, none.exitCode());
    }

    private static Map<Long, String> objdump(Path exe) {
        Map<Long, String> out = new HashMap<>();
        String label = "";
        Pattern fn = Pattern.compile("^[0-9a-f]+ <(.+)>:$");
        Pattern insn = Pattern.compile("^\\s*([0-9a-f]+):\\t(.*)$");
        long start = 0;
        for (String line : Tools.run(exe.getParent(), "objdump", "-d", "--no-show-raw-insn", exe.toString()).split("\n")) {
            Matcher f = fn.matcher(line);
            if (f.matches()) {
                label = f.group(1);
                start = Long.parseLong(line.substring(0, line.indexOf(' ')), 16);
                continue;
            }
            Matcher m = insn.matcher(line);
            if (m.matches()) {
                long a = Long.parseLong(m.group(1), 16);
                out.put(a, label + "+0x" + Long.toHexString(a - start) + "> " + m.group(2).trim().replaceAll("\\s+", " "));
            }
        }
        return out;
    }

    private static Map<Long, Set<Integer>> decodedLines(Path exe, String file) {
        Map<Long, Set<Integer>> out = new HashMap<>();
        Pattern row = Pattern.compile("^" + Pattern.quote(file) + "\\s+(\\d+)\\s+0x([0-9a-f]+)");
        for (String line : Tools.run(exe.getParent(), "objdump", "--dwarf=decodedline", exe.toString()).split("\n")) {
            Matcher m = row.matcher(line);
            if (m.find()) {
                out.computeIfAbsent(Long.parseLong(m.group(2), 16), k -> new HashSet<>()).add(Integer.parseInt(m.group(1)));
            }
        }
        return out;
    }
}
