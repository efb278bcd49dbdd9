package dev.klas.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hits file ({@code klas run --hits FILE}, {@code klas hits --format json}): per hook ({@code symbol+offset}) and
 * per aspect the hits, and their total.
 */
public record HitsInput(String source, long total, Map<String, Long> byHook, Map<String, Long> byAspect) {
    public HitsInput {
        byHook = Map.copyOf(byHook);
        byAspect = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byAspect));
    }

    /** No hits file: nothing ran. */
    public static HitsInput none() {
        return new HitsInput("", 0, Map.of(), Map.of());
    }

    public boolean present() {
        return !source.isEmpty();
    }

    public static HitsInput read(Path file) throws ReportException {
        JsonNode root = JsonInput.read(file);
        if (root.path("version").asInt() != 1) {
            throw new ReportException(file + ": version " + root.path("version") + ", this klas reads version 1");
        }
        if (!root.path("hooks").isArray() || !root.path("aspects").isArray()) {
            throw new ReportException(file + ": no hooks/aspects arrays (not the JSON of klas hits --format json)");
        }
        String name = file.toString();
        Map<String, Long> hooks = new HashMap<>();
        int i = 0;
        for (JsonNode h : root.path("hooks")) {
            String at = "hooks[" + i++ + "]";
            hooks.merge(JsonInput.text(name, h, "symbol", at) + "+" + JsonInput.number(name, h, "offset", at),
                    JsonInput.number(name, h, "hits", at), Long::sum);
        }
        Map<String, Long> aspects = new LinkedHashMap<>();
        i = 0;
        for (JsonNode a : root.path("aspects")) {
            String at = "aspects[" + i++ + "]";
            aspects.put(JsonInput.text(name, a, "name", at), JsonInput.number(name, a, "hits", at));
        }
        String source = root.has("pid") ? "pid " + root.path("pid").asText()
                : root.has("module") ? "module " + root.path("module").asText() : file.getFileName().toString();
        return new HitsInput(source + (root.path("finished").asBoolean() ? " (exited)" : "")
                + (root.path("reset").asBoolean() ? ", since the last reset" : ""),
                JsonInput.number(name, root, "total", "$"), hooks, aspects);
    }

    /** The hits of the hook at {@code key} ({@code symbol+offset}); empty when no hits file was given. */
    public String hitsText(String key) {
        return present() ? Long.toString(byHook.getOrDefault(key, 0L)) : "";
    }
}
