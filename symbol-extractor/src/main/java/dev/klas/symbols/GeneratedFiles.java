package dev.klas.symbols;

import dev.klas.symbols.config.CompileCommand;
import dev.klas.symbols.parser.MissingInclude;
import dev.klas.symbols.parser.UnitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Files a build generates on its way (Kbuild's {@code lib/crc32table.h}, {@code arch/x86/lib/inat-tables.c}, the
 * vdso images): a unit that is one of them, or includes one, while it is missing, fails with that reason instead of
 * being parsed without it.
 */
final class GeneratedFiles {
    private final Set<Path> files;
    private final Path root;

    GeneratedFiles(Set<Path> files, Path root) {
        this.files = files;
        this.root = root;
    }

    /** A generated file (relative to the root) that a unit needs, and the unit's failure reason. */
    record Need(String file, String reason) {
    }

    /** When the unit's own source, or a file it includes with {@code -include}, is a generated file not made yet. */
    Optional<Need> missingSource(CompileCommand unit) {
        if (files.contains(unit.file()) && !Files.exists(unit.file())) {
            return Optional.of(need(unit.file(), "the unit's source"));
        }
        for (Path f : unit.flags().forcedIncludes()) {
            if (files.contains(f) && !Files.exists(f)) {
                return Optional.of(need(f, "-include"));
            }
        }
        return Optional.empty();
    }

    /** When the parsed unit included a generated file that is not made yet. */
    Optional<Need> missingInclude(UnitResult result) {
        for (MissingInclude m : result.missingIncludes()) {
            for (Path c : m.candidates()) {
                if (files.contains(c)) {
                    return Optional.of(need(c, "included at " + m.file() + ":" + m.line()));
                }
            }
        }
        return Optional.empty();
    }

    private Need need(Path file, String where) {
        String shown = (file.startsWith(root) ? root.relativize(file) : file).toString();
        return new Need(shown, "needs generated file " + shown + " (" + where + "), which the build makes and has"
                + " not made yet");
    }
}
