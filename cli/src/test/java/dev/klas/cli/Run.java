package dev.klas.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** One in-process run of the klas command, with what it printed. */
record Run(int exitCode, String out, String err) {

    static Run klas(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("samples/aspects"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no samples/aspects above the working directory");
        }
        return p;
    }
}
