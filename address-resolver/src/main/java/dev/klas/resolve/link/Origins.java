package dev.klas.resolve.link;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Dynamic string tokens in DT_NEEDED, DT_RPATH and DT_RUNPATH (glibc elf/dl-load.c {@code _dl_dst_substitute}):
 * {@code $ORIGIN} is the directory of the object (the program's after resolving links, as /proc/self/exe is),
 * {@code $LIB} Debian's {@code lib/x86_64-linux-gnu}, {@code $PLATFORM} {@code x86_64}.
 */
final class Origins {
    private Origins() {
    }

    static String expand(String s, LoadedObject o) {
        if (!s.contains("$")) {
            return s;
        }
        return s.replace("${ORIGIN}", origin(o)).replace("$ORIGIN", origin(o))
                .replace("${LIB}", "lib/x86_64-linux-gnu").replace("$LIB", "lib/x86_64-linux-gnu")
                .replace("${PLATFORM}", "x86_64").replace("$PLATFORM", "x86_64");
    }

    private static String origin(LoadedObject o) {
        Path p = o.path().toAbsolutePath().normalize();
        if (o.via().equals("program")) {
            try {
                p = p.toRealPath();
            } catch (IOException e) {
                // the path as given
            }
        }
        Path dir = p.getParent();
        return dir == null ? "/" : dir.toString();
    }
}
