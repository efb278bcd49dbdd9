package dev.klas.resolve.link;

import java.nio.file.Path;
import java.util.Optional;

/**
 * An {@code R_X86_64_COPY}: the program holds a copy of a library's data object, fixed at the size it had at link
 * time.
 *
 * @param symbol    the object's name
 * @param size      its {@code st_size} in the program's {@code .dynsym}
 * @param definedIn the first object of the DT_NEEDED closure (after the program) whose {@code .dynsym} defines a
 *                  global or weak symbol of that name; empty when none does
 */
public record CopyRelocation(String symbol, long size, Optional<Path> definedIn) {
}
