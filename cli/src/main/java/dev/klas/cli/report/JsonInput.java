package dev.klas.cli.report;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a JSON file into a tree; a syntax error is reported as {@code FILE:LINE:COLUMN: message}. */
final class JsonInput {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonInput() {
    }

    static JsonNode read(Path file) throws ReportException {
        try {
            JsonNode node = MAPPER.readTree(Files.readAllBytes(file));
            if (node == null || !node.isObject()) {
                throw new ReportException(file + ":1:1: expected a JSON object");
            }
            return node;
        } catch (NoSuchFileException e) {
            throw new ReportException(file + ": no such file", e);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new ReportException(file + where + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ReportException(file + ": " + e.getMessage(), e);
        }
    }

    /** The field's text, or a message naming the file, the path to the field and what was expected. */
    static String text(String file, JsonNode node, String field, String where) throws ReportException {
        JsonNode v = node.get(field);
        if (v == null || !v.isValueNode()) {
            throw new ReportException(file + ": " + where + "." + field + ": missing or not a value");
        }
        return v.asText();
    }

    static long number(String file, JsonNode node, String field, String where) throws ReportException {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToLong()) {
            throw new ReportException(file + ": " + where + "." + field + ": missing or not a whole number");
        }
        return v.asLong();
    }
}
