package dev.klas.cli.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The report's Mustache templates ({@code src/main/resources/dev/klas/cli/report}): every {@code {{value}}} is
 * HTML-escaped by mustache.java ({@code & < > " ' ` =}), so source text is shown as text, never read as markup.
 */
final class Templates {
    private static final String ROOT = "dev/klas/cli/report/";
    private final Mustache index;
    private final Mustache file;

    Templates() {
        DefaultMustacheFactory factory = new DefaultMustacheFactory(ROOT);
        index = factory.compile("index.mustache");
        file = factory.compile("file.mustache");
    }

    void index(Object model, Path out) throws IOException {
        render(index, model, out);
    }

    void file(Object model, Path out) throws IOException {
        render(file, model, out);
    }

    private static void render(Mustache m, Object model, Path out) throws IOException {
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            m.execute(w, model);
        }
    }

    /** A static asset (script, style sheet) copied as it is. */
    static void copy(String name, Path out) throws IOException {
        try (var in = Templates.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IOException("missing resource " + ROOT + name);
            }
            Files.write(out, in.readAllBytes());
        }
    }
}
