package dev.klas.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.schema.NamePattern;
import dev.klas.schema.PointcutParser;
import dev.klas.symbols.config.CompileCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SymbolTable#members} over samples/mbuf-user against two oracles: the shadows themselves, grouped in Java
 * (so the SQL aggregation is checked against plain counting of the matched rows), and the source's
 * {@code expect:} marks (every marked access must be counted, in the file it is marked in).
 */
class MemberUseTest {
    private static final Pattern EXPECT = Pattern.compile("/\\* expect: (.*?) \\*/");

    @TempDir
    static Path tmp;
    static Path db;
    static Path sample;

    @BeforeAll
    static void extract() throws Exception {
        sample = PointcutMatchTest.sample();
        List<Path> files = List.of(sample.resolve("main.c"), sample.resolve("mbuf.c"), sample.resolve("fileops.c"));
        List<CompileCommand> units = ExtractionRequest.fromFlags("gcc", files, List.of(), List.of(), List.of(),
                List.of("-std=gnu11"));
        db = tmp.resolve("symbols.db");
        ExtractionReport r = new Extractor().run(ExtractionRequest.of(sample, db, units).withJobs(2)
                .withProbeCache(tmp.resolve("probe")));
        assertFalse(r.partial(), r.toString());
    }

    @Test
    void countsEqualTheShadowsGroupedInJava() throws Exception {
        try (SymbolTable t = SymbolTable.open(db)) {
            List<MemberUse> uses = t.members(NamePattern.of("*"), NamePattern.of("*"));
            List<Shadow> all = t.match(PointcutParser.parse("field-access(*.*)"));
            Map<String, long[]> want = new TreeMap<>();
            Map<String, TreeSet<String>> files = new TreeMap<>();
            for (Shadow s : all) {
                String key = s.struct() + "." + s.member();
                long[] c = want.computeIfAbsent(key, k -> new long[5]);
                ShadowKind k = s.kind();
                c[0] += k == ShadowKind.FIELD_READ || k == ShadowKind.FIELD_READWRITE ? 1 : 0;
                c[1] += k == ShadowKind.FIELD_WRITE || k == ShadowKind.FIELD_READWRITE ? 1 : 0;
                c[2] += k == ShadowKind.FP_CALL ? 1 : 0;
                c[3] += k == ShadowKind.FIELD_ADDRESS ? 1 : 0;
                c[4]++;
                files.computeIfAbsent(key, x -> new TreeSet<>()).add(s.file());
            }
            assertFalse(uses.isEmpty());
            assertEquals(want.keySet(), new TreeSet<>(uses.stream().map(u -> u.struct() + "." + u.member()).toList()));
            for (MemberUse u : uses) {
                String key = u.struct() + "." + u.member();
                long[] c = want.get(key);
                assertEquals(List.of(c[0], c[1], c[2], c[3], c[4]),
                        List.of(u.reads(), u.writes(), u.fpCalls(), u.addressOf(), u.shadows()), key);
                assertEquals(List.copyOf(files.get(key)), u.files(), key);
            }
        }
    }

    @Test
    void everyMarkedAccessIsCountedInItsFile() throws Exception {
        Map<String, long[]> marked = new TreeMap<>();
        Map<String, TreeSet<String>> markedFiles = new TreeMap<>();
        for (String file : List.of("mbuf.h", "main.c", "mbuf.c", "fileops.c")) {
            for (String line : Files.readAllLines(sample.resolve(file))) {
                Matcher m = EXPECT.matcher(line);
                while (m.find()) {
                    for (String item : m.group(1).split(";")) {
                        String[] f = item.trim().split(" ");
                        if (!f[1].contains(".")) {
                            continue;
                        }
                        long[] c = marked.computeIfAbsent(f[1], k -> new long[3]);
                        c[0] += f[0].equals("get") || f[0].equals("rw") ? 1 : 0;
                        c[1] += f[0].equals("set") || f[0].equals("rw") ? 1 : 0;
                        c[2] += f[0].equals("fpcall") ? 1 : 0;
                        markedFiles.computeIfAbsent(f[1], k -> new TreeSet<>()).add(file);
                    }
                }
            }
        }
        assertFalse(marked.isEmpty());
        try (SymbolTable t = SymbolTable.open(db)) {
            for (Map.Entry<String, long[]> e : marked.entrySet()) {
                String[] sm = e.getKey().split("\\.");
                List<MemberUse> u = t.members(NamePattern.of(sm[0]), NamePattern.of(sm[1]));
                assertEquals(1, u.size(), e.getKey());
                MemberUse use = u.get(0);
                assertTrue(use.reads() >= e.getValue()[0] && use.writes() >= e.getValue()[1]
                        && use.fpCalls() >= e.getValue()[2], e.getKey() + " " + use);
                assertTrue(use.files().containsAll(markedFiles.get(e.getKey())), e.getKey() + " " + use.files());
            }
            assertTrue(t.members(NamePattern.of("no_such_struct"), NamePattern.of("*")).isEmpty());
            assertTrue(t.members(NamePattern.of("mb?f"), NamePattern.of("m_*")).stream()
                    .allMatch(x -> x.struct().equals("mbuf") && x.member().startsWith("m_")));
        }
    }
}
