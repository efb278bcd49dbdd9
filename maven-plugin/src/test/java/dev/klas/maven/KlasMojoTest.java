package dev.klas.maven;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mojos' error mapping and skip, run directly (the invoker ITs in src/it run them inside Maven). */
class KlasMojoTest {

    private static WeaveMojo weave(Path dir) {
        WeaveMojo m = new WeaveMojo();
        m.aspects = List.of(dir.resolve("aspects").toFile());
        m.binary = dir.resolve("no-such-binary").toFile();
        m.target = "userspace";
        m.hookMode = "auto";
        m.out = dir.resolve("out").toFile();
        m.root = dir.toFile();
        m.failOnNoMatch = true;
        return m;
    }

    @Test
    void brokenAspectFailsWithItsPosition(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("aspects"));
        Path a = Files.writeString(dir.resolve("aspects/a.xml"), "<aspect name=\"a\">\n  <pointcut expr=\"get(s.)\"/>\n"
                + "  <advice-before>x();</advice-before>\n</aspect>\n");
        WeaveMojo m = weave(dir);
        m.db = dir.resolve("symbols.db").toFile();
        MojoFailureException e = assertThrows(MojoFailureException.class, m::execute);
        assertTrue(e.getMessage().contains(a + ":2:"), e.getMessage());
    }

    @Test
    void missingInputsAreUserErrors(@TempDir Path dir) {
        WeaveMojo noDb = weave(dir);
        assertTrue(assertThrows(MojoFailureException.class, noDb::execute).getMessage().contains("<db>"));
        WeaveMojo noAspects = weave(dir);
        noAspects.db = dir.resolve("symbols.db").toFile();
        assertTrue(assertThrows(MojoFailureException.class, noAspects::execute).getMessage()
                .contains("no such aspect file or folder"));
        ExtractMojo extract = new ExtractMojo();
        extract.db = dir.resolve("symbols.db").toFile();
        extract.root = dir.toFile();
        extract.compileCommands = new File(dir.toFile(), "none.json");
        assertThrows(MojoFailureException.class, extract::execute);
    }

    @Test
    void skipDoesNothing(@TempDir Path dir) throws Exception {
        WeaveMojo m = weave(dir);
        m.skip = true;
        m.execute();
        assertTrue(Files.notExists(dir.resolve("out")));
    }
}
