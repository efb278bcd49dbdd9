package dev.klas.symbols.config;

import java.nio.file.Path;

/** One translation unit to parse: the absolute source path, the directory the compiler ran in, and its flags. */
public record CompileCommand(Path file, Path directory, CompileFlags flags) {
}
