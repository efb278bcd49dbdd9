package dev.klas.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.cli.Picocli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive {@code mvn package} made, unpacked in a temporary folder, runs from there: through its bin/klas and
 * through a symbolic link to it elsewhere (as /usr/bin/klas of the Debian package), with the user's cache in a
 * temporary HOME. It carries a man page and a completion entry for every subcommand of the picocli model.
 */
class TarballTest {
    @TempDir
    static Path tmp;
    static Path home;
    static Map<String, String> env;

    @BeforeAll
    static void unpack() throws Exception {
        Path tarball = Shell.built("klas-", ".tar.gz");
        Shell.ok(tmp, Map.of(), "tar", "-xzf", tarball.toString());
        home = tmp.resolve("klas-" + Shell.version());
        Files.createDirectories(tmp.resolve("user"));
        env = Map.of("HOME", tmp.resolve("user").toString(), "XDG_CACHE_HOME", "");
    }

    @Test
    void runsFromWhereItIsUnpacked() {
        String out = Shell.ok(tmp, env, home.resolve("bin/klas").toString(), "--version");
        assertEquals("klas " + Shell.version(), out.strip());
    }

    @Test
    void runsThroughALinkAndValidatesASample() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("elsewhere/bin"));
        Path link = Files.createSymbolicLink(bin.resolve("klas"), home.resolve("bin/klas"));
        Path aspect = Shell.repo().resolve("samples/aspects/set_m_len.xml");
        String out = Shell.ok(tmp, env, link.toString(), "validate", aspect.toString());
        assertTrue(out.contains("set(mbuf.m_len)"), out);
        try (Stream<Path> jsa = Files.find(tmp.resolve("user/.cache/klas/jvm"), 2,
                (p, a) -> p.getFileName().toString().equals("klas.jsa"))) {
            assertEquals(1, jsa.count(), "the class-data archive is made in the user's cache");
        }
    }

    @Test
    void carriesAManPageAndCompletionForEverySubcommand() throws Exception {
        String completion = Files.readString(home.resolve("completion/klas.bash"));
        Set<String> expected = new TreeSet<>(Set.of("klas.1"));
        for (String name : Picocli.commandTree().getSubcommands().keySet()) {
            expected.add("klas-" + name + ".1");
            Path page = home.resolve("man/man1/klas-" + name + ".1");
            assertTrue(Files.isRegularFile(page), "no man page " + page);
            String title = ".TH \"KLAS\\-" + name.toUpperCase() + "\" \"1\" ";
            String source = "\"klas " + Shell.version().replace("-", "\\-") + "\"";
            String th = Files.readAllLines(page).stream().filter(l -> l.startsWith(".TH ")).findFirst().orElse("");
            assertTrue(th.startsWith(title) && th.contains(source), page + ": " + th);
            assertTrue(completion.contains("function _picocli_klas_" + name + "()"), "no completion for " + name);
        }
        try (Stream<Path> pages = Files.list(home.resolve("man/man1"))) {
            assertEquals(expected, pages.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(
                    TreeSet::new)), "one page per command, none of a command that is gone");
        }
    }
}
