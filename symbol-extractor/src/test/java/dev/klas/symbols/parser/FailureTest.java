package dev.klas.symbols.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.symbols.config.ArgumentParser;
import dev.klas.symbols.config.CompileCommand;
import dev.klas.symbols.config.CompilerProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing never throws: a stack overflow becomes the unit's failure; syntax errors keep what still resolves. */
class FailureTest {
    @TempDir
    Path tmp;

    private CompileCommand command(Path source) {
        return new CompileCommand(source, tmp, ArgumentParser.parse(List.of("gcc", source.toString()), tmp));
    }

    @Test
    void stackOverflowIsTheUnitsFailure() throws Exception {
        Path deep = tmp.resolve("deep.c");
        Files.writeString(deep, "int deep(void) { return " + "(".repeat(20_000) + "1" + ")".repeat(20_000) + "; }\n");
        CompileCommand cmd = command(deep);
        var facts = new CompilerProbe(tmp.resolve("probe")).facts(cmd.flags());
        AtomicReference<UnitResult> result = new AtomicReference<>();
        Thread t = new Thread(null, () -> result.set(new FrontEnd(new SourceFiles(), tmp).extract(cmd, facts, h -> true)),
                "small-stack", 256 * 1024);
        t.start();
        t.join();
        assertTrue(result.get().failure().orElse("").contains("stack overflow"), result.get().toString());
    }

    @Test
    void syntaxErrorsKeepResolvableShadowsAndWarnWithALine() throws Exception {
        Path bad = tmp.resolve("bad.c");
        Files.writeString(bad, String.join("\n",
                "struct s { int a; };",
                "int f(struct s *p) {",
                "  p->a = 1;",
                "  int x = ) 2;",
                "  int y = ) p->a;",
                "#if",
                "#endif",
                "  return p->a;",
                "}", ""));
        CompileCommand cmd = command(bad);
        var facts = new CompilerProbe(tmp.resolve("probe")).facts(cmd.flags());
        UnitResult r = new FrontEnd(new SourceFiles(), tmp).extract(cmd, facts, h -> true);
        assertTrue(r.failure().isEmpty());
        assertEquals(List.of(3, 8), r.shadows().stream().filter(s -> s.member().equals("a")).map(s -> s.line()).toList());
        assertTrue(r.warnings().stream().anyMatch(w -> w.file().equals("bad.c") && w.line() == 6), r.warnings().toString());
        assertTrue(r.warnings().stream().anyMatch(w -> w.line() == 4 && w.message().startsWith("not parsed")
                && w.message().endsWith("; no member access is written there, nothing is lost")), r.warnings().toString());
        assertTrue(r.warnings().stream().anyMatch(w -> w.line() == 5 && w.message().startsWith("not parsed")
                && w.message().endsWith("; member accesses written there are not recorded")), r.warnings().toString());
    }
}
