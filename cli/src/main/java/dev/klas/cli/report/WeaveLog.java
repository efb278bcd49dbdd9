package dev.klas.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A weave's {@code joinpoints.json} (docs/report.md), read from a woven folder or planned in memory from a symbol
 * table: its aspects and every join point with its outcome.
 */
public record WeaveLog(Origin origin, String target, String binary, String sourceRoot, List<AspectInfo> aspects,
                       List<JoinPointRow> rows) {
    public static final String FILE = "joinpoints.json";

    /** An aspect: its name, its pointcut as text, where it is written. */
    public record AspectInfo(String name, String pointcut, String position) {
    }

    /** Where the join points come from, as the index names it: a woven folder, or a plan made without a weave. */
    public record Origin(String label, String path) {
        public static Origin woven(Path dir) {
            return new Origin("woven folder", dir.toString());
        }

        public static Origin planned(Path db) {
            return new Origin("planned without a weave from", db.toString());
        }
    }

    public WeaveLog {
        aspects = List.copyOf(aspects);
        rows = List.copyOf(rows);
    }

    public static WeaveLog read(Path dir) throws ReportException {
        if (!Files.isDirectory(dir)) {
            throw new ReportException(dir + ": no such folder (give the --out folder of klas weave)");
        }
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new ReportException(dir + ": no " + FILE + " (not a folder written by klas weave, or written by a"
                    + " klas older than klas report: weave again)");
        }
        return of(JsonInput.read(file), file.toString(), Origin.woven(dir));
    }

    /**
     * The document of {@code joinpoints.json} given as a tree ({@code klas report --db}: planned in memory);
     * {@code file} names it in messages.
     */
    public static WeaveLog of(JsonNode root, String file, Origin origin) throws ReportException {
        if (root.path("version").asInt() != 1) {
            throw new ReportException(file + ": version " + root.path("version") + ", this klas reads version 1");
        }
        List<AspectInfo> aspects = new ArrayList<>();
        int i = 0;
        for (JsonNode a : root.path("aspects")) {
            String at = "aspects[" + i++ + "]";
            aspects.add(new AspectInfo(JsonInput.text(file, a, "name", at), JsonInput.text(file, a, "pointcut", at),
                    a.path("position").asText()));
        }
        List<JoinPointRow> rows = new ArrayList<>();
        i = 0;
        for (JsonNode j : root.path("joinPoints")) {
            rows.add(row(file, j, "joinPoints[" + i++ + "]"));
        }
        return new WeaveLog(origin, root.path("target").asText(), root.path("binary").asText(),
                root.path("sourceRoot").asText(), aspects, rows);
    }

    private static JoinPointRow row(String file, JsonNode j, String at) throws ReportException {
        List<String> inline = new ArrayList<>();
        j.path("inline").forEach(f -> inline.add(f.asText()));
        String outcome = JsonInput.text(file, j, "outcome", at);
        if (!List.of("hooked", "refused", "unresolved").contains(outcome)) {
            throw new ReportException(file + ": " + at + ".outcome: " + outcome + ", expected hooked, refused or"
                    + " unresolved");
        }
        return new JoinPointRow(JsonInput.text(file, j, "aspect", at), j.path("pointcut").asText(),
                JsonInput.text(file, j, "kind", at), j.path("struct").asText(), j.path("member").asText(),
                JsonInput.text(file, j, "file", at), (int) JsonInput.number(file, j, "line", at),
                j.path("column").asInt(), j.path("function").asText(), j.path("address").asText(),
                j.path("symbol").asText(), j.path("offset").asLong(), inline, j.path("precision").asText(),
                j.path("operand").asText(), j.path("mechanism").asText(), outcome, j.path("reason").asText());
    }
}
