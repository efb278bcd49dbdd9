package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code klas report} on bad input: a message naming the file and position, exit 1, nothing written. */
class ReportCommandTest {
    @TempDir
    Path tmp;

    private Path woven() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("woven"));
        Files.writeString(dir.resolve("joinpoints.json"), "{\"version\":1,\"target\":\"userspace\",\"binary\":\"/b\","
                + "\"aspects\":[{\"name\":\"a\",\"pointcut\":\"set(s.m)\"}],\"joinPoints\":[{\"aspect\":\"a\","
                + "\"kind\":\"FIELD_WRITE\",\"file\":\"x.c\",\"line\":3,\"outcome\":\"hooked\",\"symbol\":\"f\","
                + "\"offset\":4,\"precision\":\"ACCESS\"}]}");
        return dir;
    }

    @Test
    void aMissingWovenFolderIsNamed() {
        Run r = Run.klas("report", "--woven", tmp.resolve("nowhere").toString(), "--out", tmp.resolve("r").toString());
        assertEquals(ExitCode.INVALID_INPUT, r.exitCode(), r.err());
        assertTrue(r.err().contains(tmp.resolve("nowhere") + ": no such folder"), r.err());
        assertFalse(Files.exists(tmp.resolve("r")));
    }

    @Test
    void aFolderWithoutJoinPointsIsRefused() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("old"));
        Run r = Run.klas("report", "--woven", dir.toString(), "--out", tmp.resolve("r").toString());
        assertEquals(ExitCode.INVALID_INPUT, r.exitCode(), r.err());
        assertTrue(r.err().contains("no joinpoints.json"), r.err());
    }

    @Test
    void malformedHitsJsonIsReportedAtItsLineAndColumn() throws Exception {
        Path hits = tmp.resolve("hits.json");
        Files.writeString(hits, "{\n  \"version\": 1,\n  \"total\": 12,,\n}\n");
        Run r = Run.klas("report", "--woven", woven().toString(), "--hits", hits.toString(), "--out",
                tmp.resolve("r").toString());
        assertEquals(ExitCode.INVALID_INPUT, r.exitCode(), r.err());
        assertTrue(r.err().contains(hits + ":3:15: not valid JSON"), r.err());
        assertFalse(Files.exists(tmp.resolve("r/index.html")));
    }

    @Test
    void hitsOfAnotherShapeAreNamedByField() throws Exception {
        Path hits = tmp.resolve("hits.json");
        Files.writeString(hits, "{\"version\":1,\"total\":1,\"aspects\":[],\"hooks\":[{\"symbol\":\"f\",\"hits\":1}]}");
        Run r = Run.klas("report", "--woven", woven().toString(), "--hits", hits.toString(), "--out",
                tmp.resolve("r").toString());
        assertEquals(ExitCode.INVALID_INPUT, r.exitCode(), r.err());
        assertTrue(r.err().contains(hits + ": hooks[0].offset: missing or not a whole number"), r.err());
    }

    @Test
    void aGoodWeaveGivesAnIndexAndSaysWhere() throws Exception {
        Path hits = tmp.resolve("hits.json");
        Files.writeString(hits, "{\"version\":1,\"pid\":5,\"total\":9,\"aspects\":[{\"name\":\"a\",\"hits\":9}],"
                + "\"hooks\":[{\"symbol\":\"f\",\"offset\":4,\"hits\":9}]}");
        Run r = Run.klas("report", "--woven", woven().toString(), "--hits", hits.toString(), "--out",
                tmp.resolve("r").toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertTrue(r.out().contains("report of 1 join points in 1 files written to " + tmp.resolve("r/index.html")),
                r.out());
        assertTrue(Files.readString(tmp.resolve("r/files/0001.html")).contains("<b>9</b>"));
    }
}
