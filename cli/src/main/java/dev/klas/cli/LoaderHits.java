package dev.klas.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The hit counts of a running linux-bpf loader: the JVM cannot call bpf(2), so the loader of the weave's folder reads
 * its own pinned maps ({@code DIR/NAME --hits}, docs/KERNEL.md) and prints them in the kprobes module's format.
 */
final class LoaderHits {
    private LoaderHits() {
    }

    /** The loader of a linux-bpf weave's folder (it holds {@code klas_loader.h} and one {@code NAME.bpf.c}). */
    static Path loader(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".bpf.c"))
                    .map(n -> n.substring(0, n.length() - ".bpf.c".length())).toList();
            if (names.size() != 1) {
                throw new KlasException(ExitCode.INVALID_INPUT, dir + ": " + names.size() + " NAME.bpf.c files, one"
                        + " expected: not a folder written by klas weave --target linux-bpf");
            }
            Path loader = dir.resolve(names.get(0));
            if (!Files.isExecutable(loader)) {
                throw new KlasException(ExitCode.INVALID_INPUT, "no loader " + loader + ": weave with --build or"
                        + " run make -C " + dir);
            }
            return loader;
        } catch (IOException e) {
            throw new KlasException(ExitCode.INVALID_INPUT, dir + ": " + e.getMessage(), e);
        }
    }

    static HitCounts read(Path loader) {
        Process p;
        try {
            p = new ProcessBuilder(loader.toString(), "--hits").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new KlasException(ExitCode.TIMEOUT, loader + " --hits did not answer within 30 s");
            }
            if (p.exitValue() != 0) {
                throw new KlasException(ExitCode.INVALID_INPUT, loader + " --hits: " + out.strip());
            }
            return KernelHits.parse(out, loader);
        } catch (IOException e) {
            throw new KlasException(ExitCode.INVALID_INPUT, "cannot run " + loader + " --hits: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KlasException(ExitCode.INTERNAL, "interrupted while reading " + loader + " --hits", e);
        }
    }
}
