package dev.klas.dist;

import dev.klas.cli.Picocli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes what the distribution carries about the command line, all of it from the picocli model of {@link
 * Picocli#commandTree()}: one AsciiDoc man page per command ({@code klas.adoc}, {@code klas-validate.adoc}, ...; the
 * build turns them into troff) and the bash completion script (which zsh reads through bashcompinit).
 *
 * <p>A page whose text is unchanged keeps its file and time, and a page of a command that is gone is removed, so the
 * build converts only what changed (the AsciiDoc converter starts slowly).
 *
 * <p>{@code java -cp ... dev.klas.dist.Docs ADOC_DIR COMPLETION_FILE}
 */
public final class Docs {
    private Docs() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: Docs ADOC_DIR COMPLETION_FILE");
        }
        write(Path.of(args[0]), Path.of(args[1]));
    }

    static void write(Path adocDir, Path completion) throws IOException {
        CommandLine tree = Picocli.commandTree();
        Files.createDirectories(adocDir);
        Path fresh = Files.createTempDirectory(adocDir.toAbsolutePath().getParent(), "adoc");
        try {
            int code = ManPageGenerator.generateManPage(fresh.toFile(), null, new boolean[0], true,
                    tree.getCommandSpec());
            if (code != 0) {
                throw new IOException("picocli's ManPageGenerator failed with exit code " + code);
            }
            String source = ":mansource: " + String.join(" ", tree.getCommandSpec().version());
            update(fresh, adocDir, text -> text.replaceFirst("(?m)^:mansource:.*$", source));
        } finally {
            delete(fresh);
        }
        Files.createDirectories(completion.toAbsolutePath().getParent());
        Files.writeString(completion, AutoComplete.bash("klas", tree), StandardCharsets.UTF_8);
    }

    /** Makes {@code dir} hold the pages of {@code fresh} (edited), rewriting only those whose text differs. */
    private static void update(Path fresh, Path dir, UnaryOperator<String> edit) throws IOException {
        Set<String> names = new HashSet<>();
        for (Path page : list(fresh)) {
            String name = page.getFileName().toString();
            names.add(name);
            String text = edit.apply(Files.readString(page, StandardCharsets.UTF_8));
            Path old = dir.resolve(name);
            if (!Files.isRegularFile(old) || !Files.readString(old, StandardCharsets.UTF_8).equals(text)) {
                Files.writeString(old, text, StandardCharsets.UTF_8);
            }
        }
        for (Path old : list(dir)) {
            if (!names.contains(old.getFileName().toString())) {
                Files.delete(old);
            }
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void delete(Path dir) throws IOException {
        for (Path p : list(dir)) {
            Files.delete(p);
        }
        Files.delete(dir);
    }
}
