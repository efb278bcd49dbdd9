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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two readings of "inside a function" on resources/runsin (gcc -O2 -g a.c b.c; only a.c extracted): s.h's inline
 * {@code inner} writes {@code S.m}; gcc copies it into callerA (a.c, also named aliasA), into callerB's clone
 * callerB.constprop.0 (b.c), and keeps it out of line (a.c). {@code withincode(inner)}, decided where the write is
 * written, gives every copy; {@code runsin(f)} and {@code runsinfile("glob")}, decided where each hook lands, give
 * the copies inside f or f's unit. Oracles: readelf -s symbol ranges for the function holding each address,
 * llvm-dwarfdump --lookup for its compile unit and inlined subroutine, and the program's own call counters for
 * the woven advice.
 */
class RunsInTest {
    @TempDir
    static Path tmp;
    static Path exe;
    static Path db;
    static Path src;

    /** A function symbol of the executable, from readelf -s. */
    record Symbol(String name, long start, long size) {
        boolean holds(long address) {
            return address >= start && address < start + size;
        }
    }

    static final List<Symbol> symbols = new ArrayList<>();

    @BeforeAll
    static void build() throws IOException {
        src = Run.repo().resolve("cli/src/test/resources/runsin");
        exe = tmp.resolve("runsin");
        Tools.run(tmp, "gcc", "-O2", "-g", "-o", exe.toString(), src.resolve("a.c").toString(),
                src.resolve("b.c").toString());
        Path cc = Files.writeString(tmp.resolve("compile_commands.json"), "[{\"directory\": \"" + src
                + "\", \"file\": \"a.c\", \"arguments\": [\"gcc\", \"-O2\", \"-g\", \"-c\", \"a.c\"]}]\n");
        db = tmp.resolve("symbols.db");
        Run x = Run.klas("extract", "--compile-commands", cc.toString(), "--root", src.toString(), "--db", db.toString());
        assertEquals(0, x.exitCode(), x.err());
        Matcher m = Pattern.compile("(?m)^\\s*\\d+: ([0-9a-f]+)\\s+(\\d+) FUNC\\s+\\S+\\s+\\S+\\s+\\S+ (\\S+)$")
                .matcher(Tools.run(tmp, "readelf", "-sW", exe.toString()));
        while (m.find()) {
            symbols.add(new Symbol(m.group(3), Long.parseLong(m.group(1), 16), Long.parseLong(m.group(2))));
        }
    }

    /** The addresses of the join points {@code klas resolve} gives for a pointcut (exit 0 asserted). */
    private static Set<Long> resolve(String pointcut) throws IOException {
        Run r = Run.klas("resolve", "--db", db.toString(), "--binary", exe.toString(), "--format", "json", pointcut);
        assertEquals(0, r.exitCode(), pointcut + ": " + r.err());
        Set<Long> out = new TreeSet<>();
        for (JsonNode shadow : new ObjectMapper().readTree(r.out())) {
            for (JsonNode jp : shadow.get("joinPoints")) {
                out.add(Long.decode(jp.get("address").asText()));
            }
        }
        return out;
    }

    /** The readelf function symbols whose range holds {@code address}. */
    private static Set<String> holders(long address) {
        return symbols.stream().filter(s -> s.holds(address)).map(Symbol::name).collect(Collectors.toSet());
    }

    private static String lookup(long address) {
        return Tools.run(tmp, "llvm-dwarfdump", "--lookup=0x" + Long.toHexString(address), exe.toString());
    }

    /** The DW_AT_name of the compile unit llvm-dwarfdump finds for {@code address}. */
    private static String unit(long address) {
        Matcher m = Pattern.compile("DW_TAG_compile_unit[\\s\\S]*?DW_AT_name\\s+\\(\"([^\"]+)\"\\)").matcher(lookup(address));
        assertTrue(m.find(), "no unit for 0x" + Long.toHexString(address));
        return m.group(1);
    }

    private static Set<Long> where(Set<Long> all, Predicate<Long> p) {
        return all.stream().filter(p).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void withincodeGivesEveryCopyRunsinOnlyTheCopyInsideTheFunction() throws IOException {
        Set<Long> all = resolve("set(S.m) && withincode(inner)");
        Set<String> functions = new TreeSet<>();
        all.forEach(a -> functions.addAll(holders(a)));
        assertEquals(Set.of("inner", "callerA", "aliasA", "callerB.constprop.0"), functions,
                "one copy out of line, one inlined into callerA (aliasA), one into callerB's clone");
        assertEquals(3, all.size());
        for (long a : all) {
            String dwarf = lookup(a);
            assertTrue(holders(a).contains("inner") || dwarf.contains("DW_TAG_inlined_subroutine")
                    && dwarf.contains("\"inner\")"), "an inlined copy of inner at 0x" + Long.toHexString(a) + ":\n" + dwarf);
        }
        for (String f : List.of("callerA", "inner")) {
            Set<Long> want = where(all, a -> holders(a).contains(f));
            assertEquals(1, want.size(), f);
            assertEquals(want, resolve("set(S.m) && runsin(" + f + ")"), "runsin(" + f + ")");
            assertEquals(where(all, a -> !want.contains(a)), resolve("set(S.m) && !runsin(" + f + ")"), "!runsin(" + f + ")");
        }
        Set<Long> inA = where(all, a -> holders(a).contains("callerA"));
        assertEquals(inA, resolve("set(S.m) && runsin(aliasA)"), "the ELF symbol's name counts too");
        Set<Long> clone = where(all, a -> holders(a).contains("callerB.constprop.0"));
        assertEquals(clone, resolve("set(S.m) && runsin(callerB)"), "a gcc clone counts as its source function");
        assertEquals(Set.of(), where(resolve("set(S.m) && runsin(caller*)"), a -> !inA.contains(a) && !clone.contains(a)));
        assertEquals(2, resolve("set(S.m) && (runsin(callerA) || runsin(callerB))").size());
        Run in = Run.klas("resolve", "--db", db.toString(), "--binary", exe.toString(), "set(S.m) && withincode(callerA)");
        assertEquals(1, in.exitCode(), "withincode is decided where the write is written, in inner: " + in.out());
    }

    @Test
    void runsinfileIsTheUnitOfTheFunctionHoldingTheHook() throws IOException {
        Set<Long> all = resolve("set(S.m)");
        Set<Long> inB = where(all, a -> unit(a).endsWith("/b.c"));
        assertEquals(1, inB.size(), "b.c was not extracted, yet its copy of s.h's inner is a join point");
        assertEquals(inB, resolve("set(S.m) && runsinfile(\"b.c\")"));
        assertEquals(where(all, a -> !inB.contains(a)), resolve("set(S.m) && runsinfile(\"runsin/a.c\")"));
        assertEquals(where(all, a -> !inB.contains(a)), resolve("set(S.m) && !runsinfile(\"**/b.c\")"));
        assertEquals(Set.of(), where(resolve("set(S.m) && runsinfile(\"a.c\") && !runsin(inner)"),
                a -> !holders(a).contains("callerA")));
    }

    @Test
    void theWovenAdviceRunsAsOftenAsTheCallerCallsTheCopy() throws Exception {
        Path aspect = Files.writeString(tmp.resolve("b.xml"), "<aspect name=\"in_b\">\n"
                + "  <pointcut><field-access name=\"m\" structure=\"S\" access=\"write\"/><runsin function=\"callerB\"/>"
                + "</pointcut>\n  <advice-before>klas_printf(\"hit %s\\n\", klas_jp->symbol);</advice-before>\n</aspect>\n");
        Path woven = tmp.resolve("woven");
        Run w = Run.klas("weave", "--aspect", aspect.toString(), "--binary", exe.toString(), "--db", db.toString(),
                "--target", "userspace", "--out", woven.toString());
        assertEquals(0, w.exitCode(), w.err());
        assertEquals(1, w.out().lines().count(), w.out());
        assertTrue(w.err().contains("aspect in_b: 2 join points outside runsin(callerB) (1 kept)"), w.err());
        Path log = tmp.resolve("advice.log");
        Path out = tmp.resolve("out.txt");
        ProcessBuilder pb = new ProcessBuilder(exe.toString(), "5").redirectOutput(out.toFile())
                .redirectError(tmp.resolve("err.txt").toFile());
        pb.environment().put("LD_PRELOAD", woven.resolve("libwoven.so").toString());
        pb.environment().put("KLAS_OUT", log.toString());
        assertEquals(0, Exec.await(pb.start(), pb.command(), Duration.ofSeconds(60)),
                Files.readString(tmp.resolve("err.txt")));
        Matcher m = Pattern.compile("oracle callerA=(\\d+) callerB=(\\d+) kept=(\\d+)").matcher(Files.readString(out));
        assertTrue(m.find());
        assertEquals(List.of(5L, 7L, 10L), List.of(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3))), "the counters tell the three copies apart");
        assertEquals(List.of("hit callerB.constprop.0"), Files.readAllLines(log).stream().distinct().toList());
        assertEquals(Long.parseLong(m.group(2)), Files.readAllLines(log).size());
    }

    @Test
    void aRuleNothingMeetsSaysSo() throws IOException {
        Run r = Run.klas("resolve", "--db", db.toString(), "--binary", exe.toString(), "set(S.m) && runsin(nosuch)");
        assertEquals(1, r.exitCode(), r.out());
        assertTrue(r.err().contains("3 join points outside runsin(nosuch), none inside it"), r.err());
        Path aspect = Files.writeString(tmp.resolve("none.xml"), "<aspect name=\"none\">\n"
                + "  <pointcut expr=\"set(S.m) &amp;&amp; runsinfile(&quot;c.c&quot;)\"/>\n"
                + "  <advice-before>(void) 0;</advice-before>\n</aspect>\n");
        Run w = Run.klas("weave", "--aspect", aspect.toString(), "--binary", exe.toString(), "--db", db.toString(),
                "--target", "userspace", "--out", tmp.resolve("none").toString());
        assertEquals(1, w.exitCode(), w.out());
        assertTrue(w.err().contains("no join point lies where the runs-in restrictions allow"), w.err());
        assertTrue(w.err().contains("none.xml:1:1: aspect none: 3 join points outside runsinfile(\"c.c\"), none inside it"),
                w.err());
        assertFalse(Files.exists(tmp.resolve("none")));
    }

    @Test
    void queryListsTheShadowsAndSaysItCannotDecideRunsIn() {
        Run plain = Run.klas("query", "--db", db.toString(), "set(S.m)");
        Run q = Run.klas("query", "--db", db.toString(), "set(S.m) && runsin(callerA)");
        assertEquals(0, q.exitCode(), q.err());
        assertEquals(plain.out(), q.out());
        assertTrue(q.err().contains("runsin(callerA) is decided where each hook lands in the machine code, after"
                + " address resolution"), q.err());
        Run bad = Run.klas("query", "--db", db.toString(), "runsin(callerA) || set(S.m)");
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("<pointcut>:1:17: '||' joins runsin(...)/runsinfile(...) with a source term"),
                bad.err());
    }
}
