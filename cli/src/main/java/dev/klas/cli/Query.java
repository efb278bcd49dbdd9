package dev.klas.cli;

import dev.klas.schema.InvalidAspectException;
import dev.klas.schema.Pointcut;
import dev.klas.schema.PointcutParser;
import dev.klas.schema.PointcutPrinter;
import dev.klas.schema.Pointcuts;
import dev.klas.symbols.Shadow;
import dev.klas.weaver.WeaveException;
import dev.klas.weaver.Weaver;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What {@code klas query} does once its arguments are read, by picocli ({@link QueryCommand}) or {@link ShortCommand}. */
final class Query {
    enum Format { text, json, klas }

    enum CountBy { member, file }

    /** The arguments of {@code klas query}; {@code countBy} implies {@code count}. */
    record Request(Path db, Format format, boolean explain, boolean count, Optional<CountBy> countBy,
            String pointcut) implements ShortCommand.Request {
        @Override
        public int run(Output output) throws InvalidAspectException {
            return Query.run(this, output);
        }
    }

    private Query() {
    }

    static int run(Request r, Output output) throws InvalidAspectException {
        Pointcut p = PointcutParser.parse(r.pointcut());
        List<Shadow> shadows;
        try {
            shadows = Weaver.match(r.db(), p);
        } catch (WeaveException e) {
            throw Failures.of(e);
        }
        if (Pointcuts.containsSegmentCall(p)) {
            output.note("segment-call(...) selects no shadow in the source: the klas runtime matches it between"
                    + " load segments at run time (see klas weave --target userspace, klas state, klas profile)");
        }
        Pointcuts.runsIn(p).ifPresent(rule -> output.note(PointcutPrinter.print(rule) + " is decided where each"
                + " hook lands in the machine code, after address resolution: klas query cannot evaluate it without a"
                + " binary and lists the shadows of " + PointcutPrinter.print(Pointcuts.source(p))
                + " (klas resolve, export and weave apply it)"));
        if (shadows.isEmpty() && !Pointcuts.containsSegmentCall(p)) {
            return NoMatch.report(r.db(), r.pointcut(), p, output.err());
        }
        boolean json = r.format() == Format.json;
        if (r.count() || r.countBy().isPresent()) {
            Counts.print(shadows, r.countBy().orElse(CountBy.member), json, output.out());
            return ExitCode.OK;
        }
        if (r.explain()) {
            Explained.print(Pointcuts.containsRunsIn(p) ? Pointcuts.source(p) : p, shadows, json, output.out());
            return ExitCode.OK;
        }
        switch (r.format()) {
            case klas -> shadows.forEach(s -> output.out().println(s.klasForm()));
            case json -> output.out().println(Json.write(shadows.stream().map(Query::json).toList()));
            default -> shadows.forEach(s -> output.out().println(text(s)));
        }
        return ExitCode.OK;
    }

    static String text(Shadow s) {
        String what = s.struct().isEmpty() ? s.member() : s.struct() + "." + s.member();
        return s.file() + ":" + s.line() + ":" + s.column() + "\t" + s.kind() + "\t" + what + "\t"
                + (s.function().isEmpty() ? "-" : s.function()) + s.macroName().map(m -> "\tmacro " + m).orElse("");
    }

    static Map<String, Object> json(Shadow s) {
        return Json.object("file", s.file(), "line", s.line(), "column", s.column(), "kind", s.kind().name(),
                "struct", s.struct(), "member", s.member(), "function", s.function(), "macro", s.macro());
    }
}
