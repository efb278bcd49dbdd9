package dev.klas.advice.kprobes;

import dev.klas.advice.Diagnostic;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code make -C KDIR M=DIR modules} did: the module when it built, gcc's messages (advice errors at their
 * aspect positions) and the whole log.
 */
public record KbuildResult(Optional<Path> module, List<Diagnostic> diagnostics, String log) {
    public KbuildResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean built() {
        return module.isPresent();
    }
}
