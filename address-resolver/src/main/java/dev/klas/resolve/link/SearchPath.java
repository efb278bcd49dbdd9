package dev.klas.resolve.link;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the dynamic linker looks for a library named without a slash: {@code LD_LIBRARY_PATH} (as given to klas;
 * empty entries mean the current directory), {@code /etc/ld.so.cache} and the system directories glibc was built
 * with (Debian x86-64: the four that {@code ld.so --help} prints).
 */
public record SearchPath(List<Path> libraryPath, LdSoCache cache, List<Path> systemDirectories) {
    public static final List<Path> DEBIAN_X86_64 = List.of(Path.of("/lib/x86_64-linux-gnu"),
            Path.of("/usr/lib/x86_64-linux-gnu"), Path.of("/lib"), Path.of("/usr/lib"));

    /** This machine's: {@code LD_LIBRARY_PATH} from the environment, the system cache and directories. */
    public static SearchPath system() {
        return of(Optional.ofNullable(System.getenv("LD_LIBRARY_PATH")));
    }

    /** The system cache and directories with {@code ldLibraryPath} (a colon-separated list) in front. */
    public static SearchPath of(Optional<String> ldLibraryPath) {
        return new SearchPath(ldLibraryPath.map(SearchPath::split).orElse(List.of()),
                LdSoCache.read(Path.of("/etc/ld.so.cache")), DEBIAN_X86_64);
    }

    /** A colon- or semicolon-separated list of directories; an empty entry is the current directory. */
    static List<Path> split(String list) {
        return java.util.Arrays.stream(list.split("[:;]", -1)).map(d -> Path.of(d.isEmpty() ? "." : d)).toList();
    }
}
