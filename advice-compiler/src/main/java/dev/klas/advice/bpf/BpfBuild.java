package dev.klas.advice.bpf;

import dev.klas.advice.CompilerMessages;
import dev.klas.advice.Diagnostic;
import dev.klas.advice.Exec;
import dev.klas.advice.MissingEnvironmentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Builds a generated linux-bpf folder with its Makefile: {@code vmlinux.h} from BTF (bpftool), the programs
 * (clang-14 -target bpf), the skeleton (bpftool gen skeleton) and the statically linked loader (libbpf.a, libelf.a,
 * libz.a; {@code scripts/install-packages bpf}).
 */
public final class BpfBuild {
    static final Duration LIMIT = Duration.ofMinutes(10);

    private BpfBuild() {
    }

    /** The outcome: the loader when it was built, clang's and gcc's messages, the whole log. */
    public record Result(Optional<Path> loader, List<Diagnostic> diagnostics, String log) {
        public boolean built() {
            return loader.isPresent();
        }
    }

    /**
     * The BTF to dump vmlinux.h from for kernel {@code release}: the running kernel's when it is that release, else
     * the debug vmlinux (its {@code .BTF} section).
     */
    public static Path btf(String release) throws MissingEnvironmentException {
        Path running = Path.of("/sys/kernel/btf/vmlinux");
        Path debug = Path.of("/usr/lib/debug/boot/vmlinux-" + release);
        if (Files.isReadable(debug)) {
            return debug;
        }
        if (release.equals(System.getProperty("os.version")) && Files.isReadable(running)) {
            return running;
        }
        throw new MissingEnvironmentException("no BTF of kernel " + release + ": install linux-image-" + release
                + "-dbg (" + debug + ") or weave on a machine running that kernel");
    }

    public static Result build(Path dir, String name) throws IOException, InterruptedException,
            MissingEnvironmentException {
        Path clang = tool("clang-14");
        Path bpftool = tool("bpftool");
        if (!Files.isRegularFile(Path.of("/usr/lib/x86_64-linux-gnu/libbpf.a"))
                && !Files.isRegularFile(Path.of("/usr/lib/libbpf.a"))) {
            throw new MissingEnvironmentException("libbpf.a is missing (libbpf-dev; scripts/install-packages bpf)");
        }
        Exec.Result r;
        try {
            r = Exec.run(new ProcessBuilder("make", "-C", dir.toString(), "CLANG=" + clang,
                    "BPFTOOL=" + bpftool, name).redirectErrorStream(true), LIMIT);
        } catch (Exec.TimedOut e) {
            throw e;
        } catch (IOException e) {
            throw new MissingEnvironmentException("cannot run make: " + e.getMessage());
        }
        Path loader = dir.resolve(name);
        Optional<Path> built = r.exit() == 0 && Files.isExecutable(loader) ? Optional.of(loader) : Optional.empty();
        return new Result(built, CompilerMessages.parse(r.output()), r.output());
    }

    /** {@code tool} on PATH or in /usr/sbin (bpftool's place on Debian). */
    private static Path tool(String tool) throws MissingEnvironmentException {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin";
        for (String d : path.split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return Path.of(d, tool);
            }
        }
        throw new MissingEnvironmentException(tool + " is missing (scripts/install-packages bpf)");
    }
}
