package dev.klas.weaver;

import dev.klas.symbols.ExtractionListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sample under samples/ built with its own Makefile ({@code make -C samples/NAME OUT=DIR}) once per JVM, its
 * shadows extracted into DIR/symbols.db from the compile_commands.json the Makefile writes.
 */
record SampleBuild(Path source, Path dir) {
    private static final Map<String, SampleBuild> BUILT = new ConcurrentHashMap<>();
    private static final Path REPO = repo();

    static SampleBuild of(String name) {
        return BUILT.computeIfAbsent(name, SampleBuild::build);
    }

    Path db() {
        return dir.resolve("symbols.db");
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    Path aspect(String name) {
        return source.resolve("aspects").resolve(name + ".xml");
    }

    /** What {@code program args} prints as {@code oracle NAME=COUNT} lines. */
    Map<String, Long> oracle(String program, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(file(program).toString()));
        cmd.addAll(List.of(args));
        Matcher m = Pattern.compile("(?m)^oracle (\\w+)=(\\d+)$").matcher(Proc.run(dir, Map.of(), cmd).ok().out());
        Map<String, Long> out = new LinkedHashMap<>();
        while (m.find()) {
            out.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return out;
    }

    WeaveReport weave(Path out, Path binary, HookMode mode, List<Path> aspects)
            throws WeaveException, dev.klas.schema.InvalidAspectException {
        return Weaver.weave(new WeaveRequest(aspects, binary, Optional.of(db()), Optional.empty(), Optional.empty(),
                WeaveTarget.USERSPACE, out, true, Optional.empty(), mode, Optional.of("woven")));
    }

    private static SampleBuild build(String name) {
        try {
            Path source = REPO.resolve("samples").resolve(name);
            Path dir = Files.createTempDirectory(name);
            Proc.run(REPO, Map.of(), List.of("make", "-s", "-C", source.toString(), "OUT=" + dir)).ok();
            Weaver.extract(new ExtractRequest(Optional.of(dir.resolve("compile_commands.json")), List.of(), List.of(),
                    List.of(), source, dir.resolve("symbols.db"), 2, List.of()), ExtractionListener.NONE);
            return new SampleBuild(source, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (WeaveException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("samples"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("samples/ not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
