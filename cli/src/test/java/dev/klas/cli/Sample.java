package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

/** samples/mbuf-user built with its Makefile ({@code make OUT=DIR}: gcc -O2 -g -pthread) and extracted by klas. */
record Sample(Path build, Path db) {
    static Sample make(Path tmp) {
        Path sample = Run.repo().resolve("samples/mbuf-user");
        Path build = tmp.resolve("build");
        Tools.run(sample, "make", "-s", "OUT=" + build);
        Path db = tmp.resolve("symbols.db");
        Run r = Run.klas("--quiet", "extract", "--compile-commands", build.resolve("compile_commands.json").toString(),
                "--root", sample.toString(), "--db", db.toString(), "--jobs", "2");
        assertEquals(0, r.exitCode(), r.err());
        return new Sample(build, db);
    }

    Path o2() {
        return build.resolve("mbuf-user-O2");
    }
}
