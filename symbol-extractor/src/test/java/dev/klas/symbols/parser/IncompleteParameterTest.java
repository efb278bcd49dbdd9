package dev.klas.symbols.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.klas.symbols.Diagnostic;
import dev.klas.symbols.config.ArgumentParser;
import dev.klas.symbols.config.CompileCommand;
import dev.klas.symbols.config.CompilerProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parameters of a function redeclared with typeof (exported.c) are typed again from the definition, each from its
 * own declarator; a struct that is never defined, or a type name never declared, stays unknown: its members are
 * reported, not guessed. gcc rejects this source (dereferencing an incomplete type), so it is no fixture.
 */
class IncompleteParameterTest {
    @TempDir
    Path tmp;

    @Test
    void membersOfANeverDefinedStructStayUnresolved() throws Exception {
        Path source = tmp.resolve("incomplete.c");
        Files.writeString(source, String.join("\n",
                "struct holder { struct never *first; struct known *second; };",
                "int f(struct known *k, struct never *n, unknown_t *u);",
                "struct known { int flags, len; };",
                "int f(struct known *k, struct never *n, unknown_t *u)",
                "{",
                "\treturn n->flags + u->len + k->len;",
                "}",
                "extern typeof(f) f;", ""));
        CompileCommand cmd = new CompileCommand(source, tmp,
                ArgumentParser.parse(List.of("gcc", "-std=gnu11", source.toString()), tmp));
        UnitResult r = new FrontEnd(new SourceFiles(), tmp)
                .extract(cmd, new CompilerProbe(tmp.resolve("probe")).facts(cmd.flags()), h -> true);
        assertEquals(List.of("known.len"), r.shadows().stream().filter(s -> !s.member().equals("f"))
                .map(s -> s.struct() + "." + s.member()).toList());
        assertEquals(2, r.unresolved(), r.warnings().toString());
        assertEquals(List.of(new Diagnostic("incomplete.c", 6, "cannot resolve member 'flags'"),
                new Diagnostic("incomplete.c", 6, "cannot resolve member 'len'")),
                r.warnings().stream().filter(w -> w.message().startsWith("cannot resolve")).toList());
    }
}
