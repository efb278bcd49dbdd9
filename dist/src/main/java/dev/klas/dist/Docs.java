package dev.klas.dist;

import dev.klas.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes what the distribution carries about the command line, all of it from the picocli model of {@link
 * Main#commandTree()}: one AsciiDoc man page per command ({@code klas.adoc}, {@code klas-validate.adoc}, ...; the
 * build turns them into troff) and the bash completion script (which zsh reads through bashcompinit).
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
        CommandLine tree = Main.commandTree();
        Files.createDirectories(adocDir);
        int code = ManPageGenerator.generateManPage(adocDir.toFile(), null, new boolean[0], true,
                tree.getCommandSpec());
        if (code != 0) {
            throw new IOException("picocli's ManPageGenerator failed with exit code " + code);
        }
        Files.createDirectories(completion.toAbsolutePath().getParent());
        Files.writeString(completion, AutoComplete.bash("klas", tree), StandardCharsets.UTF_8);
    }
}
