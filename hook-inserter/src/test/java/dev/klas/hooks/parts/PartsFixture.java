package dev.klas.hooks.parts;

import dev.klas.hooks.Run;
import dev.klas.hooks.RuntimeSources;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds, once per JVM, what the parts tests run: the bare runtime
 * ({@code gcc -O2 -g -Wall -Wextra -Werror -fPIC -shared -I RT -o libklas-parts.so RT/parts_bare.c RT/klas_*.c -ldl -lpthread}),
 * a library with a parts table and advice ({@code parts/advice.c}, same command), the fixture programs of
 * {@code parts/build.sh} and samples/libgreet ({@code make OUT=DIR/greet}).
 */
final class PartsFixture {
    static final Path DIR = build();
    private static final java.util.Map<String, Path> ADVISED = new java.util.concurrent.ConcurrentHashMap<>();

    private PartsFixture() {
    }

    static Path path(String name) {
        return DIR.resolve(name);
    }

    private static Path build() {
        try {
            Path dir = Files.createTempDirectory("klas-parts-");
            Path rt = Files.createDirectories(dir.resolve("runtime"));
            List<String> cmd = new ArrayList<>(List.of("gcc", "-O2", "-g", "-Wall", "-Wextra", "-Werror", "-fPIC",
                    "-shared", "-I", rt.toString(), "-o", dir.resolve("libklas-parts.so").toString(),
                    copy("/dev/klas/hooks/runtime/" + RuntimeSources.BARE, rt).toString()));
            RuntimeSources.copyTo(rt).forEach(p -> cmd.add(p.toString()));
            cmd.addAll(List.of("-ldl", "-lpthread"));
            run(dir, cmd);
            Path src = Files.createDirectories(dir.resolve("src"));
            for (String f : List.of("parta.c", "partb.c", "partc.c", "main.c", "build.sh")) {
                copy("/dev/klas/hooks/parts/" + f, src);
            }
            run(dir, List.of("sh", src.resolve("build.sh").toString(), dir.toString()));
            List<String> advice = new ArrayList<>(List.of("gcc", "-O2", "-g", "-Wall", "-Wextra", "-Werror", "-fPIC",
                    "-shared", "-I", rt.toString(), "-o", dir.resolve("libklas-advice.so").toString(),
                    copy("/dev/klas/hooks/parts/advice.c", src).toString()));
            RuntimeSources.copyTo(rt).forEach(p -> advice.add(p.toString()));
            advice.addAll(List.of("-ldl", "-lpthread"));
            run(dir, advice);
            Path sample = Path.of(System.getProperty("user.dir")).resolveSibling("samples").resolve("libgreet");
            Path greet = Files.createDirectories(dir.resolve("greet"));
            run(sample, List.of("make", "-s", "-B", "OUT=" + greet, "RUNTIME=" + rt));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The library of {@code parts/fast_advice.c} (context-free advice with KLAS_FAST variants) for the selectors of
     * {@code klasParts} (the KLAS_PARTS syntax {@code FROM|TO[|FUNCTION];...}), built once per selector list with
     * the bare runtime's command and {@code -DSELECTORS='SEL("FROM", "TO", "FUNCTION") ...'}.
     */
    static Path advised(String klasParts) {
        return advised(klasParts, false);
    }

    /** The same; {@code vector}: the advice also clobbers xmm registers and sets KLAS_FAST_VECTOR ({@code -DVECTOR=1}). */
    static Path advised(String klasParts, boolean vector) {
        return ADVISED.computeIfAbsent((vector ? "v:" : "g:") + klasParts, key -> {
            String k = key.substring(2);
            StringBuilder sel = new StringBuilder();
            for (String item : k.split(";")) {
                String[] f = (item + "|*").split("\\|");
                sel.append("SEL(\"").append(f[0]).append("\", \"").append(f[1]).append("\", \"").append(f[2])
                        .append("\") ");
            }
            try {
                Path rt = DIR.resolve("runtime");
                Path lib = DIR.resolve("libklas-fast-" + Integer.toHexString(key.hashCode()) + ".so");
                List<String> cmd = new ArrayList<>(List.of("gcc", "-O2", "-g", "-Wall", "-Wextra", "-Werror", "-fPIC",
                        "-shared", "-I", rt.toString(), "-DSELECTORS=" + sel, "-DVECTOR=" + (vector ? 1 : 0), "-o", lib.toString(),
                        copy("/dev/klas/hooks/parts/fast_advice.c", DIR.resolve("src")).toString()));
                RuntimeSources.copyTo(rt).forEach(p -> cmd.add(p.toString()));
                cmd.addAll(List.of("-ldl", "-lpthread"));
                run(DIR, cmd);
                return lib;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static Path copy(String resource, Path dir) throws IOException {
        try (InputStream in = PartsFixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing resource " + resource);
            }
            Path out = dir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            return out;
        }
    }

    static void run(Path dir, List<String> cmd) {
        try {
            Path log = Files.createTempFile("klas-parts-build", ".txt");
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                Run.kill(p);
                throw new AssertionError("still running after 300 s, killed: " + cmd + "\n" + Files.readString(log));
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("failed: " + cmd + "\n" + Files.readString(log));
            }
            Files.delete(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
