package dev.klas.advice;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The C templates of every target: loading them from resources, and the {@code #line} bookkeeping that sends gcc's
 * messages on advice code to the aspect file and those on the rest back to the generated file.
 */
public final class Templates {
    /** A template line that becomes {@code #line N "FILE"} for the line after it. */
    public static final String RESTORE = "#line KLAS_RESTORE";

    private Templates() {
    }

    /** A mustache template (no HTML escaping: the output is C) from the resources beside {@code owner}. */
    public static Template template(Class<?> owner, String name) {
        return Mustache.compiler().escapeHTML(false).compile(resource(owner, name));
    }

    /** A resource beside {@code owner}, as text. */
    public static String resource(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing template " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each {@link #RESTORE} line becomes {@code #line N "source"}, N being the next line's number. */
    public static String restoreLines(String c, String source) {
        String[] lines = c.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].equals(RESTORE)) {
                lines[i] = "#line " + (i + 2) + " \"" + source + "\"";
            }
        }
        return String.join("\n", lines);
    }
}
