package dev.klas.symbols.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The on-disk form of {@link CompilerFacts}: a header line, then {@code D name<TAB>value} and {@code I dir} lines. */
final class ProbeFile {
    private ProbeFile() {
    }

    static void write(Path file, String format, CompilerFacts facts) throws IOException {
        StringBuilder b = new StringBuilder(format).append('\n');
        facts.macros().forEach((k, v) -> b.append("D ").append(k).append('\t').append(v).append('\n'));
        facts.systemIncludes().forEach(d -> b.append("I ").append(d).append('\n'));
        b.append("END\n");
        Files.writeString(file, b);
    }

    static CompilerFacts read(Path file, String format) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || !lines.get(0).equals(format) || !lines.get(lines.size() - 1).equals("END")) {
            throw new IOException(file + ": not a compiler probe cache of format " + format);
        }
        Map<String, String> macros = new LinkedHashMap<>();
        List<Path> dirs = new ArrayList<>();
        for (String line : lines.subList(1, lines.size() - 1)) {
            if (line.startsWith("D ")) {
                int tab = line.indexOf('\t');
                if (tab < 0) {
                    throw new IOException(file + ": malformed line: " + line);
                }
                macros.put(line.substring(2, tab), line.substring(tab + 1));
            } else if (line.startsWith("I ")) {
                dirs.add(Path.of(line.substring(2)));
            } else {
                throw new IOException(file + ": malformed line: " + line);
            }
        }
        return new CompilerFacts(macros, dirs);
    }
}
