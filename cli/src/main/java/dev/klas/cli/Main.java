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
        preferCompatLocaleData();
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * sqlite-jdbc builds a date parser (its FastDateFormat) for every connection, whether dates are read or not. With
     * the CLDR locale data, JDK 17's default, that alone took a quarter of a short command's CPU (75 ms of 215 for
     * {@code klas structs}); with the older COMPAT data it takes a third of that (docs/PERFORMANCE.md, "Short
     * commands without picocli"). klas prints no localized dates, and numbers only as digits. JDK 21 warns about
     * COMPAT and JDK 23 dropped it, so only older JDKs use it, and never over a user's own choice.
     */
    static void preferCompatLocaleData() {
        if (Runtime.version().feature() < 21 && System.getProperty("java.locale.providers") == null) {
            System.setProperty("java.locale.providers", "COMPAT");
        }
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Optional<ShortCommand> plain = ShortCommand.read(args);
        int code = plain.isPresent() ? plain.get().run(out, err) : Picocli.run(args, out, err);
        out.flush();
        err.flush();
        return code;
    }
}
