package dev.klas.symbols;

/** A message about a position in a source file ({@code file:line: message}); line 0 when it concerns the whole file. */
public record Diagnostic(String file, int line, String message) {
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
