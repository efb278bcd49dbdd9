package dev.klas.resolve.link;

import dev.klas.resolve.elf.ElfFile;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One object of the DT_NEEDED closure.
 *
 * @param name     the DT_NEEDED string that loaded it (the file's own path for the program itself)
 * @param path     where it was found
 * @param neededBy the name of the first object whose DT_NEEDED asked for it; empty for the program itself
 * @param via      how it was found: {@code program}, {@code interpreter}, {@code path} (a name with a slash),
 *                 {@code RPATH}, {@code LD_LIBRARY_PATH}, {@code RUNPATH}, {@code ld.so.cache},
 *                 {@code system directory}
 * @param elf      the opened file
 */
public record LoadedObject(String name, Path path, Optional<String> neededBy, String via, ElfFile elf) {
}
