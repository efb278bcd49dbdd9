package dev.klas.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * gdb in batch mode as the oracle of every variable in scope at every hook: klas places a hook at every line of the
 * sample's sources and at every function's entry; gdb, stopped at each of those addresses in the same binary, lists
 * the parameters and locals in scope there ({@code info args}, {@code info locals}); advice woven at the same hooks
 * reads each of those names with {@code klas_available($name)}. At every hit, in order: where gdb prints
 * {@code <optimized out>} klas must report the name unavailable; where gdb prints an integer klas must give the same
 * integer; where gdb prints a pointer klas must give one (its value differs between the runs: not compared).
 * Counted and printed, not failures: a value that differs between two runs of the same side (an -O0 local read
 * before its first assignment; at -O2 a value that differs between klas's runs only, gdb's agreeing, is a failure);
 * at -O0 at a function's first instruction (the prologue) gdb prints the not yet written stack slot and klas reports
 * the name unavailable. Where the location is {@code DW_OP_entry_value} (gdb's {@code info scope} at the hook) both
 * take the value from the caller's call site: a name klas reports unavailable there while gdb prints a value is a
 * failure. A name gdb lists that klas says is not in scope is a failure. With jump hooks the advice, which names no
 * register itself, takes the light stub with the register file (KLAS_SITE_VARREGS) wherever a jump fits: there the
 * values come from that stub's save area, r12-r15 only where a read needs them; the test counts the values compared
 * at such hooks and the integers read from a callee-saved register (which the plain light stub does not save), and
 * needs both.
 */
class VariablesGdbTest {
    private static final Pattern HIT = Pattern.compile("^hit (\\S+)$");
    private static final Pattern VAR = Pattern.compile("^(\\w+) = (.*)$");
    private static final Pattern INTEGER = Pattern.compile("^(-?\\d+)( '.*')?$");
    private static final Pattern POINTER = Pattern.compile("^(\\([^)]*\\) )?0x[0-9a-f]+( <.*>)?$");
    private static final String GONE = "<optimized out>";
    private static final String PTR = "<pointer>";
    private static final Pattern NOT_IN_SCOPE = Pattern.compile(
            "error: \\$(\\w+) is not in scope at the hook (\\S+) \\(\\S+:(\\d+)\\)");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"vars-user,O0,INT3", "vars-user,O0,JUMP", "vars-user,O2,JUMP", "values-user,O0,INT3",
        "values-user,O0,JUMP", "values-user,O2,JUMP"})
    void everyVariableGdbSeesAtEveryHookHasTheSameValueOrIsUnavailableThere(String sample, String opt,
                                                                            HookMode mode) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/gdb")), "gdb is not installed");
        SampleBuild build = SampleBuild.of(sample);
        Path binary = build.file(sample + "-" + opt);
        List<String> args = sample.equals("vars-user") ? List.of("5", "11") : List.of(ValuesTest.ARGS);
        List<String> sources;
        try (var s = Files.list(build.source())) {
            sources = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".c")).sorted().toList();
        }

        /* The hooks: every line of every source and every function's entry, with an advice that reads nothing. */
        Map<String, String> lineOf = new LinkedHashMap<>();
        WeaveReport probe = build.weave(tmp.resolve("probe"), binary, mode, List.of(probeAspect(build, sources)));
        probe.rows().forEach(r -> lineOf.put(at(r.location()),
                Path.of(r.file()).getFileName() + ":" + String.format("%05d", r.line())));
        assertTrue(lineOf.size() > 10, probe.hooks().toString());

        /* gdb at each of them: the names in scope and their values, hit by hit. */
        List<Hit> gdb = gdb(binary, args, lineOf.keySet(), false);
        assertTrue(gdb.size() > 20, gdb.toString());

        /* Per hook: the names gdb lists there (at every hit); per line, those of all its hooks (one aspect each). */
        Map<String, Set<String>> names = new LinkedHashMap<>();
        for (Hit h : gdb) {
            names.merge(h.at(), new LinkedHashSet<>(h.values().keySet()), (a, b) -> {
                a.retainAll(b);
                return a;
            });
        }
        Map<String, Set<String>> perLine = new TreeMap<>();
        names.forEach((at, n) -> perLine.merge(key(lineOf, at), new LinkedHashSet<>(n), (a, b) -> {
            a.retainAll(b);
            return a;
        }));

        /* klas's scopes must be gdb's: a name gdb lists that klas says is not in scope is a disagreement. */
        List<String> scope = new ArrayList<>();
        WeaveReport woven = null;
        for (int attempt = 0; woven == null; attempt++) {
            Path aspect = readingAspect(perLine, lineOf);
            try {
                woven = build.weave(tmp.resolve("w" + attempt), binary, mode, List.of(aspect));
            } catch (WeaveException e) {
                Matcher m = NOT_IN_SCOPE.matcher(e.getMessage());
                boolean any = false;
                while (m.find()) {
                    scope.add("$" + m.group(1) + " at " + m.group(2) + ": klas says not in scope, gdb lists it");
                    any |= perLine.values().stream().anyMatch(s -> s.remove(m.group(1)));
                }
                assertTrue(any && attempt < 5, e.getMessage());
            }
        }
        LightSites light = LightSites.of(Files.readString(woven.out().resolve("woven.c")));
        List<Hit> klas = advice(binary, args, woven, "1");
        /* A second run of each, gdb's with address randomisation: what differs between runs is not determined by
         * the program (an -O0 local read before its first assignment: whatever the stack held). */
        List<Hit> klasAgain = advice(binary, args, woven, "2");
        List<Hit> gdbAgain = gdb(binary, args, lineOf.keySet(), true);
        for (List<Hit> run : List.of(klas, klasAgain, gdbAgain)) {
            assertEquals(gdb.stream().map(Hit::at).toList(), run.stream().map(Hit::at).toList(),
                    "the same hooks hit in the same order");
        }

        List<String> mismatches = new ArrayList<>(scope);
        List<String> prologue = new ArrayList<>();
        List<String> entryValues = new ArrayList<>();
        int compared = 0;
        int unavailable = 0;
        int indeterminate = 0;
        int lightCompared = 0;
        List<String> klasOnly = new ArrayList<>();
        Map<String, Integer> calleeSaved = new TreeMap<>();
        for (int i = 0; i < klas.size(); i++) {
            Hit g = gdb.get(i);
            for (Map.Entry<String, String> v : klas.get(i).values().entrySet()) {
                String want = g.values().get(v.getKey());
                String got = pointer(want, v.getValue());
                if (!want.equals(gdbAgain.get(i).values().get(v.getKey()))) {
                    indeterminate++;
                    continue;
                }
                if (!got.equals(pointer(want, klasAgain.get(i).values().get(v.getKey())))) {
                    (opt.equals("O0") ? klasOnly : mismatches).add("hit " + i + " at " + g.at() + ": $" + v.getKey()
                            + " gdb " + want + " in both runs, klas " + got + " then "
                            + klasAgain.get(i).values().get(v.getKey()));
                    indeterminate++;
                    continue;
                }
                compared++;
                if (want.equals(GONE)) {
                    unavailable++;
                }
                if (light.light(g.at()) && !want.equals(GONE)) {
                    lightCompared++;
                    for (String r : light.read(g.at(), v.getKey())) {
                        if (LightSites.CALLEE_SAVED.contains(r) && !want.equals(PTR)) {
                            calleeSaved.merge(r, 1, Integer::sum);
                        }
                    }
                }
                boolean same = want.equals(got);
                String where = v.getKey() + "@" + g.at();
                if (!same && opt.equals("O0") && got.equals(GONE) && g.at().endsWith("+0x0")) {
                    prologue.add(where);
                } else if (!same && got.equals(GONE) && entryValue(binary, g.at(), v.getKey())) {
                    if (!entryValues.contains(where)) {
                        entryValues.add(where);
                    }
                } else if (!same) {
                    mismatches.add("hit " + i + " at " + g.at() + " (" + lineOf.get(g.at()) + "): $"
                            + v.getKey() + " gdb " + want + ", klas " + got);
                }
            }
        }
        System.out.printf("VariablesGdbTest %s-%s: %d hooks, %d hits, %d values compared (%d <optimized out> in gdb),"
                + " %d indeterminate, %d in the prologue, gdb's entry values (klas unavailable): %s%n", sample, opt,
                lineOf.size(), klas.size(), compared, unavailable, indeterminate, prologue.size(), entryValues);
        System.out.printf("VariablesGdbTest %s-%s %s: %d hooks on the light stub with the register file, %d values"
                + " compared there, integers from callee-saved registers: %s; -O0, klas's two runs differ, gdb's not: %s%n",
                sample, opt, mode, light.hooks().size(), lightCompared, calleeSaved, klasOnly);
        assertEquals(List.of(), mismatches);
        assertEquals(List.of(), entryValues, "entry values gdb recovers from the call site and klas does not");
        assertTrue(compared > 100, "values compared: " + compared);
        if (mode == HookMode.JUMP) {
            assertTrue(lightCompared > 50, "values compared at KLAS_SITE_VARREGS hooks: " + lightCompared);
            assertFalse(calleeSaved.isEmpty(),
                    "no integer at a KLAS_SITE_VARREGS hook read from a callee-saved register");
        }
    }

    /** klas's value of a name gdb prints as a pointer: only whether it has one is compared (the runs' heaps differ). */
    private static String pointer(String gdb, String klas) {
        return gdb.equals(PTR) && !klas.equals(GONE) ? PTR : klas;
    }

    /**
     * gdb's {@code info scope} at the hook: the name's location there is {@code DW_OP_entry_value}, which gdb
     * resolves from the caller's call site ({@code DW_TAG_call_site_parameter}) and klas reports unavailable.
     */
    private boolean entryValue(Path binary, String at, String name) {
        String addr = "(long)&" + at.replace("+", " + ");
        String out = Proc.run(tmp, Map.of(), List.of("gdb", "-nx", "-batch", "-ex", "print/x " + addr, "-ex",
                "info scope *(" + addr + ")", binary.toString())).out();
        Matcher pc = Pattern.compile("(?m)^\\$1 = 0x([0-9a-f]+)$").matcher(out);
        Matcher sym = Pattern.compile("(?ms)^Symbol " + name + " is multi-location:\n(.*?)^, length").matcher(out);
        if (!pc.find() || !sym.find()) {
            return false;
        }
        long pcValue = Long.parseLong(pc.group(1), 16);
        Matcher range = Pattern.compile("(?ms)^  Range 0x([0-9a-f]+)-0x([0-9a-f]+): (.*?)(?=^  Range|\\z)")
                .matcher(sym.group(1));
        while (range.find()) {
            if (Long.parseLong(range.group(1), 16) <= pcValue && pcValue < Long.parseLong(range.group(2), 16)) {
                return range.group(3).contains("DW_OP_entry_value");
            }
        }
        return false;
    }

    /** {@code f} (a function's entry in the hook list) as klas_jp gives it: {@code f+0x0}. */
    private static String at(String location) {
        return location.contains("+") ? location : location + "+0x0";
    }

    private static String key(Map<String, String> lineOf, String at) {
        return lineOf.get(at);
    }

    private Path probeAspect(SampleBuild build, List<String> sources) throws Exception {
        StringBuilder sel = new StringBuilder("    <execution function=\"*\"/>\n");
        for (String src : sources) {
            int lines = Files.readAllLines(build.source().resolve(src)).size();
            IntStream.rangeClosed(1, lines).forEach(n ->
                    sel.append("    <line file=\"").append(src).append("\" line=\"").append(n).append("\"/>\n"));
        }
        Path p = tmp.resolve("probe.xml");
        Files.writeString(p, "<aspect name=\"probe\">\n  <pointcut>\n" + sel + "  </pointcut>\n"
                + "  <advice-before>klas_printf(\"%s\", \"\");</advice-before>\n</aspect>\n");
        return p;
    }

    /** One aspect per line: its hooks print where they are, then each name with klas_available. */
    private Path readingAspect(Map<String, Set<String>> perLine, Map<String, String> lineOf) throws Exception {
        StringBuilder xml = new StringBuilder("<aspects>\n");
        perLine.forEach((line, vars) -> {
            String file = line.substring(0, line.indexOf(':'));
            int n = Integer.parseInt(line.substring(line.indexOf(':') + 1));
            StringBuilder pointcut = new StringBuilder("line(&quot;" + file + "&quot;:" + n + ")");
            lineOf.forEach((at, l) -> {
                if (l.equals(line) && at.endsWith("+0x0")) {
                    pointcut.append(" || execution(").append(at, 0, at.indexOf('+')).append(")");
                }
            });
            xml.append("<aspect name=\"").append(file.replace(".c", "")).append(n).append("\">\n  <pointcut expr=\"")
                    .append(pointcut).append("\"/>\n  <advice-before><![CDATA[\n")
                    .append("    klas_printf(\"hit %s+0x%lx\\n\", klas_jp->symbol, klas_jp->offset);\n");
            for (String v : vars) {
                xml.append("    if (klas_available($").append(v).append(")) klas_printf(\"").append(v)
                        .append(" = %lld\\n\", (long long)$").append(v).append(");\n    else klas_printf(\"")
                        .append(v).append(" = " + GONE + "\\n\");\n");
            }
            xml.append("  ]]></advice-before>\n</aspect>\n");
        });
        Path p = tmp.resolve("reading.xml");
        Files.writeString(p, xml.append("</aspects>\n"));
        return p;
    }

    private List<Hit> advice(Path binary, List<String> args, WeaveReport woven, String run) throws Exception {
        Path log = tmp.resolve("advice" + run + ".log");
        List<String> cmd = new ArrayList<>(List.of(binary.toString()));
        cmd.addAll(args);
        Proc.run(tmp, Map.of("LD_PRELOAD", Woven.open(woven.out()).library().toString(), "KLAS_OUT",
                log.toString()), cmd).ok();
        return hits(Files.readAllLines(log), false);
    }

    private List<Hit> gdb(Path binary, List<String> args, Set<String> at, boolean randomize) throws Exception {
        List<String> all = new ArrayList<>(List.of("set disable-randomization " + (randomize ? "off" : "on"),
                "set pagination off", "set confirm off",
                "set debuginfod enabled off", "set print symbol off", "set args " + String.join(" ", args)));
        for (String a : at) {
            all.addAll(List.of("break *(" + a.replace("+", " + ") + ")", "commands", "silent",
                    "printf \"hit " + at(a) + "\\n\"", "info args", "info locals", "continue", "end"));
        }
        all.add("run");
        Path script = tmp.resolve("gdb.cmd");
        Files.write(script, all);
        Proc p = Proc.run(tmp, Map.of(), List.of("gdb", "-nx", "-batch", "-x", script.toString(),
                binary.toString()));
        return hits(p.out().lines().toList(), true);
    }

    /** "hit AT" lines, each followed by "name = value" lines; values normalised to an integer, a pointer or gone. */
    private static List<Hit> hits(List<String> lines, boolean fromGdb) {
        List<Hit> out = new ArrayList<>();
        for (String l : lines) {
            Matcher h = HIT.matcher(l);
            if (h.matches()) {
                out.add(new Hit(h.group(1), new LinkedHashMap<>()));
                continue;
            }
            Matcher v = VAR.matcher(l);
            if (out.isEmpty() || !v.matches()) {
                continue;
            }
            String value = v.group(2);
            Matcher i = INTEGER.matcher(value);
            if (value.equals(GONE)) {
                out.get(out.size() - 1).values().put(v.group(1), GONE);
            } else if (i.matches()) {
                out.get(out.size() - 1).values().put(v.group(1), i.group(1));
            } else if (fromGdb && POINTER.matcher(value).matches()) {
                out.get(out.size() - 1).values().put(v.group(1), PTR);
            }
        }
        return out;
    }

    private record Hit(String at, Map<String, String> values) {
    }
}
