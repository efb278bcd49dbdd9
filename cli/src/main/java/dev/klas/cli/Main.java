package dev.klas.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Entry point. {@link #run} takes the writers so that tests capture what a user would see. A plain {@code query} or
 * {@code structs} line runs without loading picocli ({@link ShortCommand}); every other line goes to
 * {@link Picocli}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Optional<ShortCommand> plain = ShortCommand.read(args);
        int code = plain.isPresent() ? plain.get().run(out, err) : Picocli.run(args, out, err);
        out.flush();
        err.flush();
        return code;
    }
}
