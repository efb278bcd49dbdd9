package dev.klas.advice;

/** Something the build needs is not installed: a kernel build directory, make, gcc (CLI exit code 4). */
public final class MissingEnvironmentException extends Exception {
    public MissingEnvironmentException(String message) {
        super(message);
    }
}
