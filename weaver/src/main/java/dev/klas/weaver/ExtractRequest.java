package dev.klas.weaver;

import dev.klas.symbols.Shard;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code klas extract} and the Maven plugin's extract goal ask for: a compilation database, or explicit
 * preprocessor flags for the listed files.
 *
 * @param compileCommands compile_commands.json; when present, {@code files} restricts it
 * @param root            file names in the symbol table are relative to it
 * @param jobs            parallel workers, at least 1
 * @param shard           the share of the units to extract ({@link Shard#ALL}: every one)
 */
public record ExtractRequest(Optional<Path> compileCommands, List<Path> includeDirs, List<String> defines,
                             List<Path> includes, Path root, Path database, int jobs, List<Path> files, Shard shard) {
    public ExtractRequest {
        includeDirs = List.copyOf(includeDirs);
        defines = List.copyOf(defines);
        includes = List.copyOf(includes);
        files = List.copyOf(files);
    }

    /** Every unit, no shard. */
    public ExtractRequest(Optional<Path> compileCommands, List<Path> includeDirs, List<String> defines,
                          List<Path> includes, Path root, Path database, int jobs, List<Path> files) {
        this(compileCommands, includeDirs, defines, includes, root, database, jobs, files, Shard.ALL);
    }
}
