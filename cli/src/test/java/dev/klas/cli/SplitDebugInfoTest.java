package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klas.advice.Exec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's -dbgsym layout: the program stripped of debug info and symbols ({@code strip --strip-all}), its DWARF and
 * symbols in a separate file made with {@code objcopy --only-keep-debug}, tied by {@code --add-gnu-debuglink}. Code
 * must come from the program, DWARF from the debug file: resolve gives the join points of the unstripped program,
 * and the weave of the stripped program fires as often as the oracle build counts.
 */
class SplitDebugInfoTest {
    @TempDir
    static Path tmp;
    static Path build;
    static Path db;
    static Path split;

    @BeforeAll
    static void buildAndSplit() throws IOException {
        Path sample = Run.repo().resolve("samples/mbuf-user");
        build = tmp.resolve("build");
        Tools.run(sample, "make", "-s", "OUT=" + build);
        db = tmp.resolve("symbols.db");
        Run x = Run.klas("extract", "--compile-commands", build.resolve("compile_commands.json").toString(),
                "--root", sample.toString(), "--db", db.toString());
        assertEquals(0, x.exitCode(), x.err());
        split = Files.createDirectories(tmp.resolve("split"));
        Files.copy(build.resolve("mbuf-user-O2"), split.resolve("mbuf-user"));
        Tools.run(split, "objcopy", "--only-keep-debug", "mbuf-user", "mbuf-user.debug");
        Tools.run(split, "strip", "--strip-all", "mbuf-user");
        Tools.run(split, "objcopy", "--add-gnu-debuglink=mbuf-user.debug", "mbuf-user");
        String sections = Tools.run(split, "readelf", "-S", "-W", "mbuf-user.debug");
        assertTrue(sections.matches("(?s).*\\.text\\s+NOBITS.*"), "the debug file's .text has no bytes:\n" + sections);
        assertFalse(Tools.run(split, "readelf", "-S", "-W", "mbuf-user").contains(".symtab"), "strip-all left .symtab");
    }

    @Test
    void resolveOfTheStrippedProgramEqualsTheUnstripped() throws IOException {
        String pointcut = "field-access(mbuf.m_len) || fp-call(fileops.*) || execution(m_get) || call(m_free)";
        JsonNode whole = resolve(build.resolve("mbuf-user-O2"), pointcut);
        JsonNode stripped = resolve(split.resolve("mbuf-user"), pointcut);
        assertTrue(joinPoints(whole).size() >= 10, whole.toString());
        assertEquals(joinPoints(whole), joinPoints(stripped));
    }

    @Test
    void theDebugFileAloneIsRefusedWithWhatToPass() {
        Run r = Run.klas("resolve", "--db", db.toString(), "--binary", split.resolve("mbuf-user.debug").toString(),
                "set(mbuf.m_len)");
        assertEquals(ExitCode.INVALID_INPUT, r.exitCode(), r.err());
        assertTrue(r.err().contains("mbuf-user.debug: holds debug info only"), r.err());
        assertTrue(r.err().contains("pass the program or library itself"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void theWovenStrippedProgramFiresAsTheOracleCounts() throws Exception {
        Path woven = tmp.resolve("woven");
        Run w = Run.klas("weave", "--aspect", Run.repo().resolve("samples/aspects/log_reset_len.xml").toString(),
                "--binary", split.resolve("mbuf-user").toString(), "--db", db.toString(), "--target", "userspace",
                "--out", woven.toString());
        assertEquals(0, w.exitCode(), w.err());
        Path log = tmp.resolve("advice.log");
        ProcessBuilder pb = new ProcessBuilder(split.resolve("mbuf-user").toString(), "20", "3")
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        pb.environment().put("LD_PRELOAD", woven.resolve("libwoven.so").toString());
        pb.environment().put("KLAS_OUT", log.toString());
        assertEquals(0, waitBounded(pb.start()), Files.readString(tmp.resolve("err.txt")));
        long fired = Files.readAllLines(log).stream().filter(l -> l.matches("\\d+ m_len")).count();
        long oracle = oracle("20", "3");
        assertTrue(oracle > 0, "the oracle counts no write");
        assertEquals(oracle, fired);
    }

    private static JsonNode resolve(Path binary, String pointcut) throws IOException {
        Run r = Run.klas("resolve", "--db", db.toString(), "--binary", binary.toString(), "--format", "json", pointcut);
        assertEquals(0, r.exitCode(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    private static List<String> joinPoints(JsonNode shadows) {
        List<String> out = new ArrayList<>();
        for (JsonNode shadow : shadows) {
            for (JsonNode jp : shadow.get("joinPoints")) {
                out.add(jp.get("address").asText() + " " + jp.get("symbol").asText() + "+" + jp.get("offset").asLong()
                        + " " + jp.get("precision").asText() + " " + jp.path("detail").asText());
            }
        }
        return out;
    }

    private static long oracle(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(build.resolve("mbuf-user-oracle").toString()));
        cmd.addAll(List.of(args));
        Path out = tmp.resolve("oracle.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectErrorStream(false).start();
        assertEquals(0, waitBounded(p));
        Matcher m = Pattern.compile("(?m)^oracle log_reset_len=(\\d+)$").matcher(Files.readString(out));
        assertTrue(m.find(), Files.readString(out));
        return Long.parseLong(m.group(1));
    }

    /** Waits 120 s at most; past that Exec kills the process and its children and the test fails (TimedOut). */
    private static int waitBounded(Process p) throws IOException, InterruptedException {
        return Exec.await(p, List.of(p.info().commandLine().orElse("?")), Duration.ofSeconds(120));
    }
}
