package dev.klas.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Which processes map a file, from {@code /proc/PID/maps} (processes we may not read are skipped). */
final class ProcessMaps {
    private ProcessMaps() {
    }

    static List<Integer> mapping(Path file) {
        String name = file.toString();
        List<Integer> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).sorted().toList()) {
                if (maps(p.resolve("maps"), name)) {
                    out.add(Integer.parseInt(p.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new KlasException(ExitCode.MISSING_ENVIRONMENT, "cannot list /proc: " + e.getMessage(), e);
        }
        return out;
    }

    private static boolean maps(Path maps, String name) {
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.anyMatch(l -> l.endsWith(" " + name));
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }
}
