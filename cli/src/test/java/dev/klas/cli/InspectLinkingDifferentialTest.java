package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klas.advice.Exec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code klas inspect --format json}'s linking figures against readelf ({@link ReadelfLinking}) and the DT_NEEDED
 * closure against ldd (ld.so itself, {@code LD_TRACE_LOADED_OBJECTS}), over the samples, 25 programs of /usr/bin,
 * 25 libraries of /usr/lib/x86_64-linux-gnu and fixtures built here.
 */
class InspectLinkingDifferentialTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LDD_FOUND = Pattern.compile("^\\s+(\\S+) => (/\\S+) \\(0x");
    private static final Pattern LDD_DIRECT = Pattern.compile("^\\s+(/\\S+) \\(0x");
    private static final Pattern LDD_MISSING = Pattern.compile("^\\s+(\\S+) => not found");

    @TempDir
    static Path dir;
    static Fixtures fixtures;
    private final Map<Path, ReadelfLinking> readelf = new HashMap<>();

    @BeforeAll
    static void build() {
        fixtures = Fixtures.build(dir.resolve("fixtures"));
    }

    @Test
    void fixturesMatchReadelf() {
        assertAllMatch(fixtures.all());
    }

    @Test
    void samplesMatchReadelf() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String sample : List.of("libgreet", "mbuf-user", "plugin-user", "vars-user")) {
            Path out = Files.createDirectories(dir.resolve("samples").resolve(sample));
            Tools.run(Run.repo().resolve("samples").resolve(sample), "make", "-s", "OUT=" + out);
            files.addAll(elves(out, 100));
        }
        assertTrue(files.size() >= 12, "sample binaries: " + files);
        assertAllMatch(files);
    }

    @Test
    void systemObjectsMatchReadelf() throws IOException {
        List<Path> files = new ArrayList<>(elves(Path.of("/usr/bin"), 25));
        files.addAll(elves(Path.of("/usr/lib/x86_64-linux-gnu"), 25));
        assertTrue(files.size() >= 40, "system objects: " + files);
        assertAllMatch(files);
    }

    @Test
    void copyRelocationOfALibraryGlobalNamesTheLibrary() throws IOException {
        JsonNode l = linking(fixtures.nonPie());
        assertEquals(1, l.get("copyRelocations").size(), l.toString());
        JsonNode copy = l.get("copyRelocations").get(0);
        assertEquals("shared_counter", copy.get("symbol").asText());
        assertEquals(4, copy.get("size").asInt());
        assertEquals(fixtures.library().toRealPath(), Path.of(copy.get("definedIn").asText()).toRealPath());
        String text = Run.klas("inspect", fixtures.nonPie().toString()).out();
        assertTrue(text.matches("(?s).*copy relocations  1\n  shared_counter +4 bytes  defined in \\S*libshared.so\n.*"),
                text);
    }

    @Test
    void textRelocationsAndBindNowFixtures() {
        JsonNode t = linking(fixtures.notext()).get("textRelocations");
        assertTrue(t.get("flagged").asBoolean() && t.get("count").asInt() > 0 && t.get("privatePages").asInt() > 0, t.toString());
        assertTrue(t.get("symbols").toString().contains("counter"), t.toString());
        JsonNode now = linking(fixtures.bindNow());
        assertEquals("full", now.get("relro").asText());
        assertTrue(now.get("bindNow").asBoolean());
        JsonNode lazy = linking(fixtures.pie());
        assertEquals("partial", lazy.get("relro").asText());
        String text = Run.klas("inspect", fixtures.notext().toString()).out();
        assertTrue(text.matches("(?s).*text relocations  present: \\d+ \\(\\.text \\d+\\), \\d+ pages? private per process\n.*"), text);
    }

    /** Compares every file; the oracle must have seen relocations, needed versions and a closure in most. */
    private void assertAllMatch(List<Path> files) {
        List<String> wrong = new ArrayList<>();
        int relocations = 0;
        int versioned = 0;
        int closures = 0;
        int copies = 0;
        for (Path f : files) {
            try {
                ReadelfLinking r = readelf(f);
                relocations += r.relocations.size();
                versioned += r.needs.isEmpty() ? 0 : 1;
                copies += r.copies().size();
                closures += ldd(f) == null ? 0 : 1;
                wrong.addAll(compare(f));
            } catch (RuntimeException | AssertionError | IOException e) {
                wrong.add(f + ": " + e);
            }
        }
        System.out.printf("inspect vs readelf/ldd: %d files, %d relocations, %d with DT_VERNEED, %d closures,"
                + " %d copy relocations, %d differences%n", files.size(), relocations, versioned, closures, copies,
                wrong.size());
        assertTrue(wrong.isEmpty(), wrong.size() + " differences over " + files.size() + " files:\n"
                + String.join("\n", wrong.subList(0, Math.min(40, wrong.size()))));
        assertTrue(relocations >= files.size() && versioned * 2 > files.size() && closures * 2 > files.size(),
                "the oracle saw too little: " + relocations + " relocations, " + versioned + " versioned, "
                        + closures + " closures");
    }

    private List<String> compare(Path f) throws IOException {
        List<String> wrong = new ArrayList<>();
        JsonNode l = linking(f);
        ReadelfLinking oracle = readelf(f);
        Map<String, Object> expected = oracle.expected();
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            JsonNode got = l.get(e.getKey());
            JsonNode want = JSON.valueToTree(e.getValue());
            if (!want.equals(got)) {
                wrong.add(f + ": " + e.getKey() + " readelf " + want + " klas " + got);
            }
        }
        Ldd ldd = ldd(f);
        if (ldd != null) {
            Set<Path> klas = new LinkedHashSet<>();
            for (JsonNode n : l.get("needed")) {
                klas.add(Path.of(n.get("path").asText()).toRealPath());
            }
            if (!klas.equals(ldd.real())) {
                wrong.add(f + ": needed ldd " + ldd.real() + " klas " + klas);
            }
            List<String> missing = new ArrayList<>();
            l.get("missing").forEach(m -> missing.add(m.get("name").asText()));
            if (!Set.copyOf(missing).equals(Set.copyOf(ldd.missing()))) {
                wrong.add(f + ": missing ldd " + ldd.missing() + " klas " + missing);
            }
            copies(f, l, oracle, ldd, wrong);
        }
        return wrong;
    }

    private void copies(Path f, JsonNode l, ReadelfLinking oracle, Ldd ldd, List<String> wrong) throws IOException {
        List<String> want = new ArrayList<>();
        for (Map.Entry<String, Long> c : oracle.copies()) {
            String definer = "null";
            for (Path p : ldd.paths()) {
                if (readelf(p).definedSymbols.containsKey(c.getKey())) {
                    definer = p.toRealPath().toString();
                    break;
                }
            }
            want.add(c.getKey() + " " + c.getValue() + " " + definer);
        }
        List<String> got = new ArrayList<>();
        for (JsonNode c : l.get("copyRelocations")) {
            String d = c.get("definedIn").isNull() ? "null" : Path.of(c.get("definedIn").asText()).toRealPath().toString();
            got.add(c.get("symbol").asText() + " " + c.get("size").asLong() + " " + d);
        }
        if (!want.equals(got)) {
            wrong.add(f + ": copy relocations readelf " + want + " klas " + got);
        }
    }

    private ReadelfLinking readelf(Path f) {
        return readelf.computeIfAbsent(f, p -> ReadelfLinking.of(dir, p));
    }

    private static JsonNode linking(Path f) {
        Run r = Run.klas("inspect", "--format", "json", f.toString());
        assertEquals(0, r.exitCode(), f + ": " + r.err());
        try {
            return JSON.readTree(r.out()).get("linking");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** ldd's objects in its order (less linux-vdso), their real paths, and the names it did not find. */
    record Ldd(List<Path> paths, Set<Path> real, List<String> missing) {
    }

    private static Ldd ldd(Path f) throws IOException {
        Exec.Result r;
        try {
            r = Exec.run(new ProcessBuilder("ldd", f.toString()).redirectInput(Tools.NO_INPUT), Tools.LIMIT);
        } catch (Exec.TimedOut | InterruptedException e) {
            throw new AssertionError(e);
        }
        if (r.output().trim().equals("statically linked")) {
            return new Ldd(List.of(), Set.of(), List.of());
        }
        if (r.exit() != 0 || !r.output().contains("=>") && !r.output().contains("(0x")) {
            System.out.println("ldd cannot list " + f + ": " + r.output().trim());
            return null;
        }
        List<Path> paths = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String line : r.output().split("\n")) {
            Matcher m;
            if ((m = LDD_FOUND.matcher(line)).find()) {
                paths.add(Path.of(m.group(2)));
            } else if ((m = LDD_DIRECT.matcher(line)).find()) {
                paths.add(Path.of(m.group(1)));
            } else if ((m = LDD_MISSING.matcher(line)).find()) {
                missing.add(m.group(1));
            }
        }
        Set<Path> real = new LinkedHashSet<>();
        for (Path p : paths) {
            real.add(p.toRealPath());
        }
        return new Ldd(paths, real, missing);
    }

    /** Up to {@code n} ELF64 executables or shared objects of {@code dir}, evenly spaced over the sorted names. */
    static List<Path> elves(Path dir, int n) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.list(dir)) {
            all = s.filter(Files::isRegularFile).filter(p -> !Files.isSymbolicLink(p)).sorted()
                    .filter(InspectLinkingDifferentialTest::linkedElf).toList();
        }
        List<Path> out = new ArrayList<>();
        double step = Math.max(1.0, all.size() / (double) n);
        for (double i = 0; i < all.size() && out.size() < n; i += step) {
            out.add(all.get((int) i));
        }
        return out;
    }

    private static boolean linkedElf(Path p) {
        byte[] h = new byte[18];
        try (InputStream in = Files.newInputStream(p)) {
            if (in.readNBytes(h, 0, 18) < 18) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        return h[0] == 0x7f && h[1] == 'E' && h[2] == 'L' && h[3] == 'F' && h[4] == 2 && (h[16] == 2 || h[16] == 3);
    }
}
