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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * samples/mbuf-user built once per JVM with its own Makefile ({@code make -C samples/mbuf-user OUT=DIR}: -O0 -g,
 * -O2 -g and the -DKLAS_ORACLE build) and its shadows extracted into DIR/symbols.db.
 */
final class MbufUser {
    static final Path REPO = repo();
    static final Path SAMPLE = REPO.resolve("samples/mbuf-user");
    static final Path ASPECTS = REPO.resolve("samples/aspects");
    static final Path DIR = build();
    static final Path DB = DIR.resolve("symbols.db");

    private MbufUser() {
    }

    static Path binary(String opt) {
        return DIR.resolve("mbuf-user-" + opt);
    }

    /** What the oracle build prints for these arguments: aspect name → how often it must fire. */
    static Map<String, Long> oracle(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(DIR.resolve("mbuf-user-oracle").toString()));
        cmd.addAll(List.of(args));
        Matcher m = Pattern.compile("(?m)^oracle (\\w+)=(\\d+)$").matcher(Proc.run(DIR, Map.of(), cmd).ok().out());
        Map<String, Long> out = new LinkedHashMap<>();
        while (m.find()) {
            out.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return out;
    }

    private static Path build() {
        try {
            Path dir = Files.createTempDirectory("mbuf-user");
            Proc.run(REPO, Map.of(), List.of("make", "-s", "-C", SAMPLE.toString(), "OUT=" + dir)).ok();
            Weaver.extract(new ExtractRequest(Optional.of(dir.resolve("compile_commands.json")), List.of(), List.of(),
                    List.of(), SAMPLE, dir.resolve("symbols.db"), 2, List.of()), ExtractionListener.NONE);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (WeaveException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("samples/mbuf-user"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("samples/mbuf-user not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
