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

    /** Whether the build generates this file (absolute). */
    boolean isGenerated(Path file) {
        return files.contains(file.normalize());
    }

    /** A generated file (relative to the root) that a unit needs, and the unit's failure reason. */
    record Need(String file, String reason) {
    }

    /**
     * When the unit's own source, or a file it includes with {@code -include}, is a generated file not made yet. A
     * missing {@code X.c} whose {@code X.h} is generated is made by that recipe (Kbuild names
     * {@code mscode.asn1.h} for the pair when mscode_parser.c asks for it first).
     */
    Optional<Need> missingSource(CompileCommand unit) {
        if (files.contains(unit.file()) && !Files.exists(unit.file())) {
            return Optional.of(need(unit.file(), "the unit's source"));
        }
        Path header = unit.file().resolveSibling(unit.file().getFileName().toString().replaceAll("\\.c$", ".h"));
        if (!header.equals(unit.file()) && files.contains(header) && !Files.exists(unit.file())) {
            return Optional.of(need(header, "makes the unit's source " + unit.file().getFileName()));
        }
        for (Path f : unit.flags().forcedIncludes()) {
            if (files.contains(f) && !Files.exists(f)) {
                return Optional.of(need(f, "-include"));
            }
        }
        return Optional.empty();
    }

    /**
     * When the parsed unit included a generated file that is not made yet. A missing {@code X.h} whose {@code X.c}
     * is generated is made by the same recipe (Kbuild's ASN.1 compiler writes {@code x509.asn1.c} and
     * {@code x509.asn1.h} and names only the first): the unit needs the {@code .c}.
     */
    Optional<Need> missingInclude(UnitResult result) {
        for (MissingInclude m : result.missingIncludes()) {
            for (Path c : m.candidates()) {
                String where = "included at " + m.file() + ":" + m.line();
                if (files.contains(c)) {
                    return Optional.of(need(c, where));
                }
                Path pair = c.resolveSibling(c.getFileName().toString().replaceAll("\\.h$", ".c"));
                if (!pair.equals(c) && files.contains(pair)) {
                    return Optional.of(need(pair, "made with " + c.getFileName() + ", " + where));
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
