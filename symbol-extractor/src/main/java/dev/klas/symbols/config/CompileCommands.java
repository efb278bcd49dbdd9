package dev.klas.symbols.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON compilation database (clang's format: entries with {@code directory}, {@code file} and either
 * {@code arguments} or {@code command}), as written by the kernel's gen_compile_commands.py, bear and CMake.
 */
public final class CompileCommands {
    private CompileCommands() {
    }

    public static List<CompileCommand> read(Path json) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json.toFile());
        } catch (IOException e) {
            throw new IOException(json + ": not a readable compilation database: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IOException(json + ": a compilation database is a JSON array of entries");
        }
        List<CompileCommand> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            out.add(entry(json, i, root.get(i)));
        }
        return out;
    }

    private static CompileCommand entry(Path json, int index, JsonNode e) throws IOException {
        String where = json + ": entry " + index;
        if (!e.hasNonNull("directory") || !e.hasNonNull("file")) {
            throw new IOException(where + ": needs \"directory\" and \"file\"");
        }
        Path dir = Path.of(e.get("directory").asText()).toAbsolutePath().normalize();
        Path file = dir.resolve(e.get("file").asText()).normalize();
        List<String> args = new ArrayList<>();
        if (e.hasNonNull("arguments")) {
            e.get("arguments").forEach(a -> args.add(a.asText()));
        } else if (e.hasNonNull("command")) {
            args.addAll(ShellWords.split(e.get("command").asText()));
        } else {
            throw new IOException(where + ": needs \"arguments\" or \"command\"");
        }
        return new CompileCommand(file, dir, ArgumentParser.parse(args, dir));
    }
}
