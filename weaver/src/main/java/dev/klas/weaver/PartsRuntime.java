package dev.klas.weaver;

import dev.klas.advice.Exec;
import dev.klas.hooks.RuntimeSources;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The bare runtime of docs/parts-format.md: the hook runtime with an empty woven table, so that a program runs with
 * interposition (selectors from {@code KLAS_PARTS}) and no aspects. Built once into
 * {@code $XDG_CACHE_HOME/klas/runtime-HASH/libklas-parts.so} (HASH over the runtime sources):
 * <pre>gcc -O2 -fPIC -shared -I DIR -o DIR/libklas-parts.so DIR/parts_bare.c DIR/klas_*.c -ldl -lpthread</pre>
 */
public final class PartsRuntime {
    public static final String LIBRARY = "libklas-parts.so";
    static final String BARE = "parts_bare.c";
    /** A guard against a gcc that never ends (the runtime builds in seconds). */
    static final Duration GCC_LIMIT = Duration.ofMinutes(10);

    private PartsRuntime() {
    }

    /** The bare runtime library, built when absent. */
    public static Path library() throws WeaveException {
        try {
            Path tmp = Files.createTempDirectory("klas-parts");
            List<Path> sources = new ArrayList<>(RuntimeSources.copyTo(tmp));
            Path bare = tmp.resolve(BARE);
            try (InputStream in = RuntimeSources.class.getResourceAsStream("/dev/klas/hooks/runtime/" + BARE)) {
                if (in == null) {
                    throw new WeaveException(WeaveException.Kind.MISSING_ENVIRONMENT, "this klas has no bare runtime ("
                            + BARE + " missing from the hook-inserter jar)");
                }
                Files.copy(in, bare, StandardCopyOption.REPLACE_EXISTING);
            }
            Path dir = cache().resolve("runtime-" + hash(tmp));
            Path lib = dir.resolve(LIBRARY);
            if (Files.isRegularFile(lib)) {
                delete(tmp);
                return lib;
            }
            Files.createDirectories(dir);
            Path out = tmp.resolve(LIBRARY);
            List<String> cmd = new ArrayList<>(List.of("gcc", "-O2", "-fPIC", "-shared", "-I", tmp.toString(), "-o",
                    out.toString(), bare.toString()));
            sources.forEach(s -> cmd.add(s.toString()));
            cmd.addAll(List.of("-ldl", "-lpthread"));
            gcc(cmd);
            Path part = Files.createTempFile(dir, LIBRARY, ".part");
            Files.copy(out, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            delete(tmp);
            return lib;
        } catch (IOException e) {
            throw new WeaveException(WeaveException.Kind.MISSING_ENVIRONMENT, "cannot build the bare klas runtime: "
                    + e.getMessage(), e);
        }
    }

    private static void gcc(List<String> cmd) throws IOException, WeaveException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("LC_ALL", "C");
        Exec.Result r;
        try {
            r = Exec.run(pb, GCC_LIMIT);
        } catch (Exec.TimedOut e) {
            throw e;
        } catch (IOException e) {
            throw new WeaveException(WeaveException.Kind.MISSING_ENVIRONMENT, "cannot run gcc (install it: apt-get"
                    + " install gcc): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running gcc", e);
        }
        if (r.exit() != 0) {
            throw new WeaveException(WeaveException.Kind.MISSING_ENVIRONMENT, "gcc failed on the bare runtime:\n"
                    + r.output());
        }
    }

    private static void delete(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    private static Path cache() {
        Map<String, String> env = System.getenv();
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("klas");
    }

    /** First 16 hex digits of the SHA-256 over the runtime sources, in name order. */
    private static String hash(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path f : files.sorted().toList()) {
                md.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                md.update(Files.readAllBytes(f));
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
