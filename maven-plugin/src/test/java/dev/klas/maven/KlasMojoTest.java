package dev.klas.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import dev.klas.symbols.SymbolTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
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
    void noMatchSaysWhyAsWarningOrFailure(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("aspects"));
        Path a = Files.writeString(dir.resolve("aspects/a.xml"), "<aspect name=\"a\">\n  <pointcut expr=\"call(m_fre)\"/>\n"
                + "  <advice-before>x();</advice-before>\n</aspect>\n");
        Path db = dir.resolve("symbols.db");
        SymbolTable.openOrCreate(db).close();
        String why = a + ":1:1: aspect a: call(m_fre): no function 'm_fre' in the table";
        WeaveMojo failing = weave(dir);
        failing.db = db.toFile();
        assertTrue(assertThrows(MojoFailureException.class, failing::execute).getMessage().endsWith("\n" + why));
        WeaveMojo warning = weave(dir);
        warning.db = db.toFile();
        warning.failOnNoMatch = false;
        List<String> warnings = new ArrayList<>();
        warning.setLog(new SystemStreamLog() {
            @Override
            public void warn(CharSequence content) {
                warnings.add(content.toString());
            }
        });
        warning.execute();
        assertEquals(List.of("klas: no pointcut matches anything in " + db + "; nothing woven (failOnNoMatch=false)",
                why), warnings);
    }

    @Test
    void skipDoesNothing(@TempDir Path dir) throws Exception {
        WeaveMojo m = weave(dir);
        m.skip = true;
        m.execute();
        assertTrue(Files.notExists(dir.resolve("out")));
    }
}
