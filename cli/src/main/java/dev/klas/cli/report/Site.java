package dev.klas.cli.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the report: {@code index.html} (aspects, counts by outcome, the join point table), one page per source
 * file under {@code files/} and the script and style sheet they share. Opens from file:// with nothing fetched.
 */
public final class Site {
    /** What was written. */
    public record Written(Path index, int files, int joinPoints) {
    }

    private Site() {
    }

    public static Written write(WeaveLog log, HitsInput hits, List<Path> roots, Path out) throws IOException {
        Files.createDirectories(out.resolve("files"));
        Templates templates = new Templates();
        Templates.copy("report.js", out.resolve("report.js"));
        Templates.copy("report.css", out.resolve("report.css"));
        TreeMap<String, Map<Integer, JoinPointRow>> byFile = new TreeMap<>();
        for (int i = 0; i < log.rows().size(); i++) {
            JoinPointRow r = log.rows().get(i);
            byFile.computeIfAbsent(r.file(), f -> new LinkedHashMap<>()).put(i, r);
        }
        Map<String, String> pages = new LinkedHashMap<>();
        byFile.keySet().forEach(f -> pages.put(f, String.format("files/%04d.html", pages.size() + 1)));
        List<String> rootNames = roots.stream().map(Path::toString).toList();
        try {
            // one page per file, independent of each other: written on all cores
            byFile.entrySet().parallelStream().forEach(e -> {
                try {
                    templates.file(FilePage.model(e.getKey(), SourceText.find(e.getKey(), roots), e.getValue(), hits,
                            rootNames), out.resolve(pages.get(e.getKey())));
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Path index = out.resolve("index.html");
        templates.index(IndexPage.model(log, hits, pages, byFile), index);
        return new Written(index, pages.size(), log.rows().size());
    }

    /** The CSS class of a join point's outcome. */
    static String outcomeClass(JoinPointRow r) {
        return switch (r.category()) {
            case "hooked access-precise" -> "precise";
            case "hooked at a line" -> "line";
            default -> r.outcome();
        };
    }

    static Map<String, Object> object(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static List<Map<String, Object>> counts(Outcomes o) {
        List<Map<String, Object>> out = new ArrayList<>();
        long[] n = {o.precise(), o.line(), o.refused(), o.unresolved()};
        for (int i = 0; i < n.length; i++) {
            out.add(object("label", Outcomes.CATEGORIES.get(i), "count", n[i]));
        }
        return out;
    }
}
