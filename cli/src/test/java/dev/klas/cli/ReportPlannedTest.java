package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code klas report --db --binary --aspect --target} without a weave: samples/mbuf-user's -O2 build, every sample
 * aspect a user-space weave takes; the report equals, page for page, the report of {@code klas weave} into a folder
 * (only the line naming where the join points came from differs), and the join points are joinpoints.json's.
 */
class ReportPlannedTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Sample sample;

    @BeforeAll
    static void build() {
        sample = Sample.make(tmp);
    }

    private static List<String> aspects() {
        List<String> out = new ArrayList<>();
        for (String a : List.of("log_reset_len", "set_m_len", "fp_call_read", "call_m_free", "execution_m_get",
                "line_probe")) {
            out.add("--aspect");
            out.add(Run.repo().resolve("samples/aspects/" + a + ".xml").toString());
        }
        return out;
    }

    private static Run klas(List<String> head, List<String> tail) {
        List<String> args = new ArrayList<>(head);
        args.addAll(tail);
        return Run.klas(args.toArray(String[]::new));
    }

    @Test
    void thePlannedReportIsTheReportOfTheWeave() throws Exception {
        Path woven = tmp.resolve("woven");
        Run w = klas(List.of("weave", "--binary", sample.o2().toString(), "--db", sample.db().toString(), "--target",
                "userspace", "--out", woven.toString()), aspects());
        assertTrue(w.exitCode() == ExitCode.OK || w.exitCode() == ExitCode.PARTIAL, w.err());
        Run fromWeave = Run.klas("report", "--woven", woven.toString(), "--out", tmp.resolve("r1").toString());
        assertEquals(ExitCode.OK, fromWeave.exitCode(), fromWeave.err());
        List<String> before = files(tmp);
        Run planned = klas(List.of("report", "--db", sample.db().toString(), "--binary", sample.o2().toString(),
                "--target", "userspace", "--out", tmp.resolve("r2").toString()), aspects());
        assertEquals(ExitCode.OK, planned.exitCode(), planned.err());
        assertEquals(fromWeave.out().replace("r1", "r2"), planned.out());

        JsonNode log = JSON.readTree(woven.resolve("joinpoints.json").toFile());
        assertTrue(log.get("joinPoints").size() >= 10, "join points: " + log.get("joinPoints").size());
        List<String> outcomes = new ArrayList<>();
        log.get("joinPoints").forEach(j -> outcomes.add(j.get("outcome").asText()));
        assertTrue(outcomes.contains("hooked"), outcomes.toString());
        assertSameSite(tmp.resolve("r1"), tmp.resolve("r2"));
        List<String> after = new ArrayList<>(files(tmp));
        after.removeIf(f -> f.startsWith("r2/"));
        assertEquals(before, after, "nothing written but the report");
    }

    /** Every file under {@code dir} with its size and time of change. */
    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            List<String> out = new ArrayList<>();
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.add(dir.relativize(f) + " " + Files.size(f) + " " + Files.getLastModifiedTime(f));
            }
            return out;
        }
    }

    /** Two reports are the same page for page, but for the index's line naming the woven folder or symbol table. */
    static void assertSameSite(Path a, Path b) throws Exception {
        List<Path> pages;
        try (Stream<Path> files = Files.walk(a)) {
            pages = files.filter(Files::isRegularFile).map(a::relativize).sorted().toList();
        }
        try (Stream<Path> files = Files.walk(b)) {
            assertEquals(pages, files.filter(Files::isRegularFile).map(b::relativize).sorted().toList());
        }
        assertTrue(pages.size() > 3, pages.toString());
        for (Path p : pages) {
            assertEquals(withoutOrigin(Files.readString(a.resolve(p))), withoutOrigin(Files.readString(b.resolve(p))),
                    p.toString());
        }
        assertTrue(Files.readString(b.resolve("index.html")).contains("planned without a weave from"));
    }

    private static String withoutOrigin(String page) {
        return page.replaceAll("<code id=\"origin\">[^<]*</code>", "").replaceAll("(woven folder|planned without a"
                + " weave from) ", "");
    }

    @Test
    void bothWovenAndDbIsAUsageError() {
        Run r = Run.klas("report", "--woven", tmp.toString(), "--db", sample.db().toString(), "--binary",
                sample.o2().toString(), "--target", "userspace", "--aspect", "a.xml", "--out", tmp.resolve("x").toString());
        assertEquals(ExitCode.USAGE, r.exitCode(), r.err());
        assertTrue(r.err().contains("mutually exclusive"), r.err());
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void aPlanWithoutAspectsIsAUsageError() {
        Run r = Run.klas("report", "--db", sample.db().toString(), "--binary", sample.o2().toString(), "--target",
                "userspace", "--out", tmp.resolve("x").toString());
        assertEquals(ExitCode.USAGE, r.exitCode(), r.err());
        assertTrue(r.err().contains("Missing required argument") && r.err().contains("--aspect"), r.err());
    }

    @Test
    void aMissingAspectFileIsNamed() {
        Path missing = tmp.resolve("nowhere.xml");
        Run r = Run.klas("report", "--db", sample.db().toString(), "--binary", sample.o2().toString(), "--target",
                "userspace", "--aspect", missing.toString(), "--out", tmp.resolve("x").toString());
        assertEquals(ExitCode.INVALID_INPUT, r.exitCode(), r.err());
        assertTrue(r.err().contains(missing.toString()), r.err());
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void anUnknownTargetIsAUsageError() {
        Run r = klas(List.of("report", "--db", sample.db().toString(), "--binary", sample.o2().toString(), "--target",
                "kernel", "--out", tmp.resolve("x").toString()), aspects());
        assertEquals(ExitCode.USAGE, r.exitCode(), r.err());
        assertTrue(r.err().contains("unknown target 'kernel'"), r.err());
    }
}
