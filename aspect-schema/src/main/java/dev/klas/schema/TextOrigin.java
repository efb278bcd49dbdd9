package dev.klas.schema;

/**
 * Where the text of a pointcut expression came from: maps a character offset in the expression text to a
 * position in the file the user wrote (a command line, an XML attribute with its escapes, ...).
 */
@FunctionalInterface
public interface TextOrigin {

    SourcePosition positionOf(int offset);

    /** An expression given on its own, e.g. on the command line: offsets count lines and columns of the text itself. */
    static TextOrigin of(String name, String text) {
        return offset -> {
            int line = 1;
            int column = 1;
            for (int i = 0; i < offset && i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            return new SourcePosition(name, line, column + Math.max(0, offset - text.length()));
        };
    }
}
