package dev.klas.resolve.joinpoint;

import dev.klas.resolve.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The samples/mbuf-user program: built here with gcc, and the expectations its source carries. */
final class MbufSample {
    static final List<String> SOURCES = List.of("main.c", "mbuf.c", "fileops.c");

    private MbufSample() {
    }

    static Path dir() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("samples/mbuf-user"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("samples/mbuf-user not found above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("samples/mbuf-user");
    }

    /** gcc OPT -g -pthread -o OUT main.c mbuf.c fileops.c, run in the sample's folder. */
    static Path build(Path out, String opt) {
        List<String> cmd = new ArrayList<>(List.of("gcc", opt, "-g", "-pthread", "-o", out.toString()));
        cmd.addAll(SOURCES);
        Tools.run(dir(), cmd);
        return out;
    }

    static List<Expectation> expectations() throws IOException {
        return Expectation.read(dir(), List.of("mbuf.h", "main.c", "mbuf.c", "fileops.c"));
    }
}
