package dev.klas.cli;

import dev.klas.weaver.WeaveException;

/** Maps pipeline failures to the CLI's exit codes. */
final class Failures {
    private Failures() {
    }

    static KlasException of(WeaveException e) {
        int code = e.kind() == WeaveException.Kind.MISSING_ENVIRONMENT ? ExitCode.MISSING_ENVIRONMENT
                : ExitCode.INVALID_INPUT;
        return new KlasException(code, e.getMessage(), e);
    }
}
