package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code klas profile --run} and a woven segment-call aspect on the libgreet service (THREADS x CALLS fixed), the CLI
 * run as its own process: profile counts equal the service's counters and an LD_AUDIT count of a run with the same
 * arguments; the advice runs once before and once after every interposed call, with the callee's return value.
 */
class PartsProfileWeaveHeavyTest {
    private static final int THREADS = 2;
    private static final int CALLS = 3000;

    @TempDir
    static Path tmp;
    static Path dir;

    @BeforeAll
    static void build() throws Exception {
        Greet.requireHeavy("program parts on samples/libgreet");
        dir = Greet.build(tmp.resolve("greet"));
    }

    record Result(int exit, String out, String err) {
    }

    static Result exec(Map<String, String> env, List<String> cmd) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectInput(Tools.NO_INPUT)
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        int exit = Tools.await(pb.start(), cmd);
        return new Result(exit, Files.readString(out), Files.readString(err));
    }

    static List<String> klas(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.klas.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static String service() {
        return dir.resolve("service").toString();
    }

    @Test
    void profileRunCountsEqualTheServicesCountersAndLdAudit() throws Exception {
        Result r = exec(Map.of(), klas("profile", "--run", "--segment-call", "main|libgreet*",
                "--segment-call", "libgreet*|main|service_*", "--format", "json", "--", service(),
                Integer.toString(THREADS), Integer.toString(CALLS)));
        assertEquals(0, r.exit, r.err);
        Greet.Stats s = Greet.Stats.parse(r.out);
        assertEquals(2L * THREADS * CALLS, s.calls(), "the service made greet and greet_pair CALLS times per thread");
        JsonNode profile = new ObjectMapper().readTree(r.out.substring(r.out.indexOf('{')));
        Map<String, Long> calls = new HashMap<>();
        for (JsonNode sym : profile.get("symbols")) {
            calls.merge(sym.get("symbol").asText(), sym.get("calls").asLong(), Long::sum);
            long byCaller = 0;
            for (JsonNode c : sym.get("callers")) {
                byCaller += c.get("calls").asLong();
            }
            assertEquals(sym.get("calls").asLong(), byCaller, "callers by segment add up for " + sym);
            assertEquals(sym.get("calls").asLong(), sym.get("returns").asLong(), "every call returned: " + sym);
        }
        assertEquals(s.calls(), calls.getOrDefault("greet", 0L) + calls.getOrDefault("greet_pair", 0L), calls.toString());
        assertEquals(s.notes(), calls.getOrDefault("service_note", 0L), "call backs into main: " + calls);
        Path audit = tmp.resolve("audit.txt");
        Result a = exec(Map.of("LD_AUDIT", dir.resolve("libaudit.so").toString(), "AUDIT_OUT", audit.toString()),
                List.of(service(), Integer.toString(THREADS), Integer.toString(CALLS)));
        assertEquals(0, a.exit, a.err);
        String counted = Files.readString(audit);
        assertEquals(calls.get("greet").longValue(), count(counted, "greet"), counted);
        assertEquals(calls.get("greet_pair").longValue(), count(counted, "greet_pair"), counted);
        Result text = exec(Map.of(), klas("profile", "--run", "--segment-call", "main|libgreet*", "--", service(),
                "1", "100"));
        assertEquals(0, text.exit, text.err);
        assertTrue(text.out.contains("Flat profile of ") && text.out.matches("(?s).* 100 .*greet@libgreet\\.so.*")
                && text.out.contains("Call graph (callers by segment):"), text.out);
        Result collapsed = exec(Map.of(), klas("profile", "--run", "--format", "collapsed", "--weight", "calls",
                "--segment-call", "main|libgreet*", "--", service(), "1", "100"));
        assertTrue(collapsed.out.contains("\nmain;greet@libgreet.so 100\n") || collapsed.out.startsWith(
                "main;greet@libgreet.so 100\n"), collapsed.out);
    }

    private static long count(String audit, String symbol) {
        Matcher m = Pattern.compile("\\b" + symbol + "=(\\d+)").matcher(audit);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Test
    void wovenSegmentCallAdviceRunsAtEveryCallAndReturn() throws Exception {
        Path aspect = Files.writeString(tmp.resolve("greet-calls.xml"), """
                <aspect name="greet-calls">
                  <pointcut><segment-call from="main" to="libgreet*" function="greet*"/></pointcut>
                  <advice-before>klas_printf("B %s %s->%s\\n", klas_function, klas_caller, klas_callee);</advice-before>
                  <advice-after>klas_printf("A %s %lu\\n", klas_function, (unsigned long)klas_retval);</advice-after>
                </aspect>
                """);
        Path woven = tmp.resolve("woven");
        Result w = exec(Map.of(), klas("weave", "--aspect", aspect.toString(), "--binary", service(), "--target",
                "userspace", "--out", woven.toString()));
        assertEquals(0, w.exit, w.err);
        assertTrue(w.out.contains("main -> libgreet.so: greet greet_pair"), w.out);
        Path log = tmp.resolve("advice.log");
        Result r = exec(Map.of("KLAS_OUT", log.toString()), klas("run", "--woven", woven.toString(), "--", service(),
                Integer.toString(THREADS), Integer.toString(CALLS)));
        assertEquals(0, r.exit, r.err);
        Greet.Stats s = Greet.Stats.parse(r.out);
        List<String> lines = Files.readAllLines(log);
        long before = lines.stream().filter(l -> l.matches("B greet(_pair)? main->libgreet\\.so")).count();
        long after = lines.stream().filter(l -> l.startsWith("A greet")).count();
        assertEquals(s.calls(), before, "one advice-before per call the service counted");
        assertEquals(s.calls(), after, "one advice-after per return");
        long v1Returns = lines.stream().filter(l -> l.startsWith("A greet "))
                .mapToLong(l -> Long.parseLong(l.substring("A greet ".length())))
                .filter(v -> v / 1_000_000 == 1).count();
        assertEquals(s.calls() / 2, v1Returns, "klas_retval of greet is v1's answer 1000000 + x");
    }
}
