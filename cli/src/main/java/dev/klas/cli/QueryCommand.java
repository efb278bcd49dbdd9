package dev.klas.cli;

import dev.klas.schema.InvalidAspectException;
import dev.klas.schema.Pointcut;
import dev.klas.schema.PointcutParser;
import dev.klas.schema.PointcutPrinter;
import dev.klas.schema.Pointcuts;
import dev.klas.symbols.Shadow;
import dev.klas.weaver.WeaveException;
import dev.klas.weaver.Weaver;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code klas query}: the shadows a pointcut selects. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Print the join point shadows a pointcut selects, sorted by file, line and column.")
final class QueryCommand implements Callable<Integer> {

    enum Format { text, json, klas }

    @Option(names = "--db", paramLabel = "FILE", required = true, description = "Symbol table from klas extract.")
    Path db;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text, json or klas (path:line:struct.member).")
    Format format = Format.text;

    enum CountBy { member, file }

    @Option(names = "--explain", description = "After each shadow, why it matched: the selector and restrictions that hold.")
    boolean explain;

    @Option(names = "--count", description = "Print counts instead of shadows, grouped by struct.member (see --count-by).")
    boolean count;

    @Option(names = "--count-by", paramLabel = "KEY", description = "Group counts by member (struct.member, or the"
            + " callee/function) or file; implies --count.")
    CountBy countBy;

    @Parameters(paramLabel = "POINTCUT", description = "A pointcut expression, e.g. 'set(mbuf.m_len)'.")
    String pointcut;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InvalidAspectException {
        Pointcut p = PointcutParser.parse(pointcut);
        List<Shadow> shadows;
        try {
            shadows = Weaver.match(db, p);
        } catch (WeaveException e) {
            throw Failures.of(e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (dev.klas.schema.Pointcuts.containsSegmentCall(p)) {
            Quiet.note(spec, "segment-call(...) selects no shadow in the source: the klas runtime matches it between"
                    + " load segments at run time (see klas weave --target userspace, klas state, klas profile)");
        }
        Pointcuts.runsIn(p).ifPresent(rule -> Quiet.note(spec, PointcutPrinter.print(rule) + " is decided where each"
                + " hook lands in the machine code, after address resolution: klas query cannot evaluate it without a"
                + " binary and lists the shadows of " + PointcutPrinter.print(Pointcuts.source(p))
                + " (klas resolve, export and weave apply it)"));
        if (shadows.isEmpty() && !dev.klas.schema.Pointcuts.containsSegmentCall(p)) {
            return NoMatch.report(db, pointcut, p, spec.commandLine().getErr());
        }
        if (count || countBy != null) {
            Counts.print(shadows, countBy == null ? CountBy.member : countBy, format == Format.json, out);
            return ExitCode.OK;
        }
        if (explain) {
            Explained.print(Pointcuts.containsRunsIn(p) ? Pointcuts.source(p) : p, shadows, format == Format.json, out);
            return ExitCode.OK;
        }
        switch (format) {
            case klas -> shadows.forEach(s -> out.println(s.klasForm()));
            case json -> out.println(Json.write(shadows.stream().map(QueryCommand::json).toList()));
            default -> shadows.forEach(s -> out.println(text(s)));
        }
        return ExitCode.OK;
    }

    static String text(Shadow s) {
        String what = s.struct().isEmpty() ? s.member() : s.struct() + "." + s.member();
        return s.file() + ":" + s.line() + ":" + s.column() + "\t" + s.kind() + "\t" + what + "\t"
                + (s.function().isEmpty() ? "-" : s.function()) + s.macroName().map(m -> "\tmacro " + m).orElse("");
    }

    static java.util.Map<String, Object> json(Shadow s) {
        return Json.object("file", s.file(), "line", s.line(), "column", s.column(), "kind", s.kind().name(),
                "struct", s.struct(), "member", s.member(), "function", s.function(), "macro", s.macro());
    }
}
