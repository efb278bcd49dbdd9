package dev.klas.cli;

import dev.klas.schema.InvalidAspectException;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code klas query} and {@code klas structs} read without picocli, whose classes (Java 5 class files, which the
 * class-data archive cannot hold) took half of their start-up. It reads only plain command lines: {@code -q} or
 * {@code --quiet} anywhere, at most once; the command's options at most once each, as {@code --opt VALUE} or
 * {@code --opt=VALUE}; its positional arguments. Anything else, {@code --help}, {@code --debug}, an {@code @file},
 * an option twice, a missing or unknown argument, a value that starts with {@code -} or names no enum constant, is
 * left to picocli ({@link #read} is empty), so that usage errors and help read as they always did. What a command
 * then prints and returns does not depend on which of the two read its arguments (ShortCommandTest).
 */
record ShortCommand(String name, boolean quiet, Request request) {

    /** A command's arguments, ready to run. */
    sealed interface Request permits Query.Request, Structs.Request {
        int run(Output output) throws InvalidAspectException;
    }

    private static final Set<String> QUIET = Set.of("-q", "--quiet");
    private static final Set<String> QUERY_FLAGS = Set.of("--count", "--explain");
    private static final Set<String> QUERY_VALUES = Set.of("--db", "--format", "--count-by");
    private static final Set<String> STRUCTS_VALUES = Set.of("--db", "--format");

    /** The command {@code args} name when this reader understands all of them; empty when picocli must read them. */
    static Optional<ShortCommand> read(String[] args) {
        String name = null;
        boolean quiet = false;
        Map<String, String> options = new HashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("@")) {
                return Optional.empty();
            }
            if (QUIET.contains(a)) {
                if (quiet) {
                    return Optional.empty();
                }
                quiet = true;
            } else if (name == null) {
                if (!a.equals("query") && !a.equals("structs")) {
                    return Optional.empty();
                }
                name = a;
            } else if (!a.startsWith("-")) {
                positional.add(a);
            } else {
                int eq = a.indexOf('=');
                String option = eq < 0 ? a : a.substring(0, eq);
                boolean valued = (name.equals("query") ? QUERY_VALUES : STRUCTS_VALUES).contains(option);
                String value;
                if (valued && eq >= 0) {
                    value = a.substring(eq + 1);
                } else if (valued && i + 1 < args.length) {
                    value = args[++i];
                } else if (eq < 0 && name.equals("query") && QUERY_FLAGS.contains(option)) {
                    value = "";
                } else {
                    return Optional.empty();
                }
                if (valued && (value.isEmpty() || value.startsWith("-") || value.startsWith("@"))
                        || options.put(option, value) != null) {
                    return Optional.empty();
                }
            }
        }
        if (name == null || !options.containsKey("--db")) {
            return Optional.empty();
        }
        Optional<? extends Request> request = name.equals("query") ? query(options, positional)
                : structs(options, positional);
        String command = name;
        boolean q = quiet;
        return request.map(r -> new ShortCommand(command, q, r));
    }

    /** Runs the command; its exceptions are reported as picocli's {@link ErrorHandler} reports them. */
    int run(PrintWriter out, PrintWriter err) {
        try {
            return request.run(new Output(out, err, quiet));
        } catch (Exception e) {
            return Errors.report(e, name, err, false);
        }
    }

    private static Optional<Query.Request> query(Map<String, String> options, List<String> positional) {
        Optional<Path> db = path(options.get("--db"));
        Optional<Query.Format> format = constant(Query.Format.class, options.getOrDefault("--format", "text"));
        Optional<Query.CountBy> countBy = options.containsKey("--count-by")
                ? constant(Query.CountBy.class, options.get("--count-by")) : Optional.empty();
        if (positional.size() != 1 || db.isEmpty() || format.isEmpty()
                || options.containsKey("--count-by") && countBy.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Query.Request(db.get(), format.get(), options.containsKey("--explain"),
                options.containsKey("--count"), countBy, positional.get(0)));
    }

    private static Optional<Structs.Request> structs(Map<String, String> options, List<String> positional) {
        Optional<Path> db = path(options.get("--db"));
        Optional<Structs.Format> format = constant(Structs.Format.class, options.getOrDefault("--format", "text"));
        if (positional.size() > 1 || db.isEmpty() || format.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Structs.Request(db.get(), format.get(), positional.isEmpty() ? "*" : positional.get(0)));
    }

    private static Optional<Path> path(String text) {
        try {
            return Optional.of(Path.of(text));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** The constant named {@code text}, case ignored, as picocli reads enum options for klas. */
    private static <E extends Enum<E>> Optional<E> constant(Class<E> type, String text) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(text)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
