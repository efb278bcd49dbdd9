package dev.klas.cli;

import dev.klas.schema.Access;
import dev.klas.schema.NamePattern;
import dev.klas.schema.PatternSyntaxError;
import dev.klas.schema.Pointcut;
import dev.klas.symbols.MatchDiagnosis;
import dev.klas.symbols.MemberUse;
import dev.klas.symbols.SymbolTable;
import dev.klas.symbols.SymbolTableException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code klas structs} does once its arguments are read, by picocli ({@link StructsCommand}) or
 * {@link ShortCommand}.
 */
final class Structs {
    enum Format { text, json }

    /** The arguments of {@code klas structs}: STRUCT or STRUCT.MEMBER with wildcards, {@code *} for all. */
    record Request(Path db, Format format, String pattern) implements ShortCommand.Request {
        @Override
        public int run(Output output) {
            return Structs.run(this, output);
        }
    }

    private Structs() {
    }

    static int run(Request r, Output output) {
        String p = r.pattern().startsWith("struct ") ? r.pattern().substring(7).trim() : r.pattern();
        int dot = p.indexOf('.');
        NamePattern struct;
        NamePattern member;
        try {
            struct = NamePattern.of(dot < 0 ? p : p.substring(0, dot));
            member = NamePattern.of(dot < 0 ? "*" : p.substring(dot + 1));
        } catch (PatternSyntaxError e) {
            throw new KlasException(ExitCode.INVALID_INPUT, "PATTERN '" + r.pattern() + "': " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(r.db())) {
            throw new KlasException(ExitCode.INVALID_INPUT, r.db() + ": no such symbol table (run klas extract)");
        }
        List<MemberUse> uses;
        try (SymbolTable table = SymbolTable.open(r.db())) {
            uses = table.members(struct, member);
            if (uses.isEmpty()) {
                throw new KlasException(ExitCode.INVALID_INPUT, table.diagnose(new Pointcut.FieldAccess(struct, member,
                        Access.ANY)).stream().map(MatchDiagnosis::reason).findFirst()
                        .orElse("nothing matches '" + r.pattern() + "'"));
            }
        } catch (SymbolTableException e) {
            throw new KlasException(ExitCode.INVALID_INPUT, e.getMessage(), e);
        }
        if (r.format() == Format.json) {
            output.out().println(Json.write(uses.stream().map(u -> Json.object("struct", u.struct(), "member",
                    u.member(), "reads", u.reads(), "writes", u.writes(), "fpCalls", u.fpCalls(), "addressOf",
                    u.addressOf(), "shadows", u.shadows(), "files", u.files())).toList()));
            return ExitCode.OK;
        }
        print(uses, output.out());
        return ExitCode.OK;
    }

    private static void print(List<MemberUse> uses, PrintWriter out) {
        String current = null;
        for (MemberUse u : uses) {
            if (!u.struct().equals(current)) {
                current = u.struct();
                out.println("struct " + current);
            }
            out.printf("  %-24s %6d read %6d write %6d fp-call %6d addr  %s%n", u.member(), u.reads(), u.writes(),
                    u.fpCalls(), u.addressOf(), String.join(" ", u.files()));
        }
    }
}
