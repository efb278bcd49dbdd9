package dev.klas.advice.kprobes;

import dev.klas.advice.CompilerMessages;
import dev.klas.advice.Exec;
import dev.klas.advice.MissingEnvironmentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds a generated module with the kernel's build system: {@code make -C KDIR M=DIR modules}. */
public final class Kbuild {
    /** A guard against a make that never ends (a module builds in well under a minute). */
    static final Duration LIMIT = Duration.ofMinutes(15);

    private Kbuild() {
    }

    /** The build directory of a kernel release, {@code /lib/modules/RELEASE/build}. */
    public static Path kdir(String release) {
        return Path.of("/lib/modules", release, "build");
    }

    public static KbuildResult build(Path dir, Path kdir, String moduleName)
            throws IOException, InterruptedException, MissingEnvironmentException {
        return build(dir, kdir, moduleName, List.of());
    }

    /**
     * Builds with {@code includeDirs} searched for the advice's {@code <include>}s after the kernel's own include
     * folders (Kbuild's {@code KCFLAGS}, which come after {@code LINUXINCLUDE}).
     */
    public static KbuildResult build(Path dir, Path kdir, String moduleName, List<Path> includeDirs)
            throws IOException, InterruptedException, MissingEnvironmentException {
        if (!Files.isRegularFile(kdir.resolve("Makefile"))) {
            throw new MissingEnvironmentException("no kernel build directory at " + kdir
                    + " (install the headers of that release: linux-headers-RELEASE)");
        }
        List<String> cmd = new ArrayList<>(List.of("make", "-C", kdir.toString(), "M=" + dir.toAbsolutePath()));
        if (!includeDirs.isEmpty()) {
            cmd.add("KCFLAGS=" + String.join(" ", includeDirs.stream().map(d -> "-I" + d.toAbsolutePath()).toList()));
        }
        cmd.add("modules");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Exec.Result r;
        try {
            r = Exec.run(pb, LIMIT);
        } catch (Exec.TimedOut e) {
            throw e;
        } catch (IOException e) {
            throw new MissingEnvironmentException("cannot run make: " + e.getMessage());
        }
        String log = r.output();
        int exit = r.exit();
        Path ko = dir.resolve(moduleName + ".ko");
        Optional<Path> module = exit == 0 && Files.isRegularFile(ko) ? Optional.of(ko) : Optional.empty();
        return new KbuildResult(module, CompilerMessages.parse(log), log);
    }
}
