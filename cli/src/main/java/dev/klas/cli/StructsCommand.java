package dev.klas.cli;

import dev.klas.schema.Access;
import dev.klas.schema.NamePattern;
import dev.klas.schema.Pointcut;
import dev.klas.symbols.MatchDiagnosis;
import dev.klas.symbols.MemberUse;
import dev.klas.symbols.SymbolTable;
import dev.klas.symbols.SymbolTableException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code klas structs}: which struct members the sources read, write and call through, and where. */
@Command(name = "structs", mixinStandardHelpOptions = true,
        description = "List structs and their members with read/write/fp-call counts and the files they occur in:"
                + " how to find what to hook.")
final class StructsCommand implements Callable<Integer> {

    enum Format { text, json }

    @Option(names = "--db", paramLabel = "FILE", required = true, description = "Symbol table from klas extract.")
    Path db;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text or json.")
    Format format = Format.text;

    @Parameters(arity = "0..1", paramLabel = "PATTERN", description = "STRUCT or STRUCT.MEMBER, * and ? wildcards"
            + " (default: all).")
    String pattern = "*";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String p = pattern.startsWith("struct ") ? pattern.substring(7).trim() : pattern;
        int dot = p.indexOf('.');
        NamePattern struct;
        NamePattern member;
        try {
            struct = NamePattern.of(dot < 0 ? p : p.substring(0, dot));
            member = NamePattern.of(dot < 0 ? "*" : p.substring(dot + 1));
        } catch (dev.klas.schema.PatternSyntaxError e) {
            throw new KlasException(ExitCode.INVALID_INPUT, "PATTERN '" + pattern + "': " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(db)) {
            throw new KlasException(ExitCode.INVALID_INPUT, db + ": no such symbol table (run klas extract)");
        }
        List<MemberUse> uses;
        try (SymbolTable table = SymbolTable.open(db)) {
            uses = table.members(struct, member);
            if (uses.isEmpty()) {
                throw new KlasException(ExitCode.INVALID_INPUT, table.diagnose(new Pointcut.FieldAccess(struct, member,
                        Access.ANY)).stream().map(MatchDiagnosis::reason).findFirst()
                        .orElse("nothing matches '" + pattern + "'"));
            }
        } catch (SymbolTableException e) {
            throw new KlasException(ExitCode.INVALID_INPUT, e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(Json.write(uses.stream().map(u -> Json.object("struct", u.struct(), "member", u.member(),
                    "reads", u.reads(), "writes", u.writes(), "fpCalls", u.fpCalls(), "addressOf", u.addressOf(),
                    "shadows", u.shadows(), "files", u.files())).toList()));
            return ExitCode.OK;
        }
        String current = null;
        for (MemberUse u : uses) {
            if (!u.struct().equals(current)) {
                current = u.struct();
                out.println("struct " + current);
            }
            out.printf("  %-24s %6d read %6d write %6d fp-call %6d addr  %s%n", u.member(), u.reads(), u.writes(),
                    u.fpCalls(), u.addressOf(), String.join(" ", u.files()));
        }
        return ExitCode.OK;
    }
}
