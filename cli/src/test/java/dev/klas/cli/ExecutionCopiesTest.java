package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klas.advice.Exec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * execution(f) where gcc inlined f into several callers and kept an out-of-line copy, beside another file's static
 * function of the same name (address-resolver's test resources execution/props.c and two.c, gcc -O2 -g). The join
 * points are every copy gdb breaks at for props.c's function, by containing function, and none in two.c's; woven,
 * the advice runs as often as the program's own counter says the function ran.
 */
class ExecutionCopiesTest {
    @TempDir
    static Path tmp;
    static Path exe;
    static Path db;

    @BeforeAll
    static void build() throws IOException {
        Path src = Run.repo().resolve("address-resolver/src/test/resources/execution");
        exe = tmp.resolve("props");
        Tools.run(tmp, "gcc", "-O2", "-g", "-o", exe.toString(), src.resolve("props.c").toString(),
                src.resolve("two.c").toString());
        Path cc = Files.writeString(tmp.resolve("compile_commands.json"), "[\n"
                + "{\"directory\": \"" + src + "\", \"file\": \"props.c\", \"arguments\": [\"gcc\", \"-O2\", \"-g\", \"-c\", \"props.c\"]},\n"
                + "{\"directory\": \"" + src + "\", \"file\": \"two.c\", \"arguments\": [\"gcc\", \"-O2\", \"-g\", \"-c\", \"two.c\"]}\n]\n");
        db = tmp.resolve("symbols.db");
        Run x = Run.klas("extract", "--compile-commands", cc.toString(), "--root", src.toString(), "--db", db.toString());
        assertEquals(0, x.exitCode(), x.err());
    }

    @Test
    void everyCopyGdbBreaksAtIsAJoinPoint() throws IOException {
        Run r = Run.klas("resolve", "--db", db.toString(), "--binary", exe.toString(), "--format", "json",
                "execution(get_property) && within(\"props.c\")");
        assertEquals(0, r.exitCode(), r.err());
        List<String> klas = new ArrayList<>();
        for (JsonNode shadow : new ObjectMapper().readTree(r.out())) {
            for (JsonNode jp : shadow.get("joinPoints")) {
                klas.add(jp.get("symbol").asText());
            }
        }
        List<String> gdb = gdbLocations("props.c");
        assertTrue(gdb.size() >= 4, "gdb finds the inlined copies: " + gdb);
        assertEquals(sorted(gdb), sorted(klas), "the functions holding a copy of props.c's get_property");
    }

    @Test
    void theWovenProgramFiresOncePerRun() throws Exception {
        Path aspect = Files.writeString(tmp.resolve("count.xml"), "<aspect name=\"count_get_property\">\n"
                + "  <pointcut expr=\"execution(get_property) &amp;&amp; within(&quot;props.c&quot;)\"/>\n"
                + "  <advice-before>klas_printf(\"hit\\n\");</advice-before>\n</aspect>\n");
        Path woven = tmp.resolve("woven");
        Run w = Run.klas("weave", "--aspect", aspect.toString(), "--binary", exe.toString(), "--db", db.toString(),
                "--target", "userspace", "--out", woven.toString());
        assertEquals(0, w.exitCode(), w.err());
        Path log = tmp.resolve("advice.log");
        Path out = tmp.resolve("out.txt");
        ProcessBuilder pb = new ProcessBuilder(exe.toString(), "25").redirectOutput(out.toFile())
                .redirectError(tmp.resolve("err.txt").toFile());
        pb.environment().put("LD_PRELOAD", woven.resolve("libwoven.so").toString());
        pb.environment().put("KLAS_OUT", log.toString());
        assertEquals(0, Exec.await(pb.start(), pb.command(), Duration.ofSeconds(60)),
                Files.readString(tmp.resolve("err.txt")));
        Matcher m = Pattern.compile("(?m)^oracle props_calls=(\\d+)$").matcher(Files.readString(out));
        assertTrue(m.find());
        long oracle = Long.parseLong(m.group(1));
        assertTrue(oracle > 0);
        assertEquals(oracle, Files.readAllLines(log).stream().filter(l -> l.equals("hit")).count());
    }

    /** The function symbol holding each location gdb puts on {@code break get_property} in {@code file}. */
    private static List<String> gdbLocations(String file) {
        String info = Tools.run(tmp, "gdb", "-batch", "-ex", "break get_property", "-ex", "info breakpoints",
                exe.toString());
        Matcher loc = Pattern.compile("(?m)\\s(0x[0-9a-f]+) in get_property at (\\S+):\\d+$").matcher(info);
        TreeMap<Long, String> symbols = new TreeMap<>();
        Matcher sym = Pattern.compile("(?m)^([0-9a-f]+) [tT] (\\S+)$").matcher(Tools.run(tmp, "nm", exe.toString()));
        while (sym.find()) {
            symbols.put(Long.parseLong(sym.group(1), 16), sym.group(2));
        }
        List<String> out = new ArrayList<>();
        while (loc.find()) {
            if (loc.group(2).endsWith("/" + file)) {
                out.add(symbols.floorEntry(Long.decode(loc.group(1))).getValue());
            }
        }
        return out;
    }

    private static List<String> sorted(List<String> l) {
        return l.stream().sorted().toList();
    }

    @Test
    void adviceNamesTheSourceFunctionAndTheHookedSymbol() throws Exception {
        Path aspect = Files.writeString(tmp.resolve("where.xml"), "<aspect name=\"where\">\n"
                + "  <pointcut expr=\"execution(get_property) &amp;&amp; within(&quot;props.c&quot;)\"/>\n"
                + "  <advice-before>klas_printf(\"%s %s+0x%lx\\n\", klas_jp->function, klas_jp->symbol,"
                + " klas_jp->offset);</advice-before>\n</aspect>\n");
        Path woven = tmp.resolve("woven-where");
        Run w = Run.klas("weave", "--aspect", aspect.toString(), "--binary", exe.toString(), "--db", db.toString(),
                "--target", "userspace", "--out", woven.toString());
        assertEquals(0, w.exitCode(), w.err());
        java.util.Set<String> expected = new java.util.TreeSet<>();
        for (String hook : w.out().lines().toList()) {
            String location = hook.split("\t")[0];
            expected.add("get_property " + (location.contains("+") ? location : location + "+0x0"));
        }
        Path log = tmp.resolve("where.log");
        ProcessBuilder pb = new ProcessBuilder(exe.toString(), "3").redirectOutput(tmp.resolve("where.out").toFile())
                .redirectError(tmp.resolve("where.err").toFile());
        pb.environment().put("LD_PRELOAD", woven.resolve("libwoven_where.so").toString());
        pb.environment().put("KLAS_OUT", log.toString());
        assertEquals(0, Exec.await(pb.start(), pb.command(), Duration.ofSeconds(60)),
                Files.readString(tmp.resolve("where.err")));
        java.util.Set<String> seen = new java.util.TreeSet<>(Files.readAllLines(log));
        assertTrue(expected.containsAll(seen) && seen.size() >= 3, "seen " + seen + ", hooks " + expected);
        assertTrue(seen.stream().anyMatch(l -> l.startsWith("get_property main+")), seen.toString());
    }
}
