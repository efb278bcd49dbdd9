package dev.klas.advice;

import java.util.List;
import java.util.stream.Collectors;

/** An advice module that cannot be generated, with a positioned message per reason. */
public final class GenerationException extends Exception {
    private final transient List<Diagnostic> diagnostics;

    public GenerationException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream().map(Diagnostic::toString).collect(Collectors.joining("\n")));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
