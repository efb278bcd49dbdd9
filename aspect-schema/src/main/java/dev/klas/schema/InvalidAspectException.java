package dev.klas.schema;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when aspects or pointcuts are invalid; carries every error found, each with its position. */
public final class InvalidAspectException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<AspectError> errors;

    public InvalidAspectException(List<AspectError> errors) {
        super(errors.stream().map(AspectError::render).collect(Collectors.joining("\n")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an InvalidAspectException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public InvalidAspectException(AspectError error) {
        this(List.of(error));
    }

    public List<AspectError> errors() {
        return errors;
    }
}
