package dev.klas.cli;

import dev.klas.resolve.InlineFrame;
import dev.klas.resolve.joinpoint.JoinPoint;
import dev.klas.resolve.joinpoint.Precision;
import dev.klas.resolve.joinpoint.Resolution;
import dev.klas.resolve.joinpoint.SourcePlace;
import dev.klas.schema.InvalidAspectException;
import dev.klas.schema.PointcutParser;
import dev.klas.weaver.ResolveReport;
import dev.klas.weaver.WeaveException;
import dev.klas.weaver.Weaver;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code klas resolve}: the join points of a pointcut in a binary. */
@Command(name = "resolve", mixinStandardHelpOptions = true,
        description = "Resolve the shadows a pointcut selects to join points in a binary: address, function+offset,"
                + " inline chain and precision.")
final class ResolveCommand implements Callable<Integer> {

    enum Format { text, json }

    @Option(names = "--db", paramLabel = "FILE", required = true, description = "Symbol table from klas extract.")
    Path db;

    @Option(names = "--binary", paramLabel = "ELF", required = true, description = "The binary, with debug info.")
    Path binary;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text or json.")
    Format format = Format.text;

    @Parameters(paramLabel = "POINTCUT", description = "A pointcut expression.")
    String pointcut;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InvalidAspectException {
        ResolveReport report = resolve(db, binary, pointcut);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (report.resolutions().isEmpty()) {
            return NoMatch.report(db, pointcut, PointcutParser.parse(pointcut), err);
        }
        if (format == Format.json) {
            out.println(Json.write(report.resolutions().stream().map(ResolveCommand::json).toList()));
        } else {
            report.joinPoints().forEach(jp -> out.println(text(jp)));
        }
        for (Resolution r : report.unresolved()) {
            err.println(r.place() + ": not resolved: " + r.problem().orElse("?"));
        }
        long total = report.joinPoints().size();
        Quiet.note(spec, String.format("%d shadows, %d join points (%d exact, %d at a line), %d shadows"
                + " unresolved%s", report.resolutions().size(), total, report.accessPrecise(),
                total - report.accessPrecise(), report.unresolved().size(),
                report.outsideLine().map(l -> "; " + l).orElse("")));
        if (total == 0 && report.outside() > 0) {
            err.println("<pointcut>:1:1: " + pointcut.strip() + ": " + report.outsideLine().orElseThrow()
                    + " (runsin/runsinfile are decided where each hook lands after inlining; withincode/within where"
                    + " its shadow is written)");
            return ExitCode.INVALID_INPUT;
        }
        return report.unresolved().isEmpty() ? ExitCode.OK : ExitCode.PARTIAL;
    }

    /** The pointcut text parsed and resolved, pipeline failures mapped to exit codes; shared with export. */
    static ResolveReport resolve(Path db, Path binary, String pointcut) throws InvalidAspectException {
        try {
            return Weaver.resolve(db, binary, PointcutParser.parse(pointcut));
        } catch (WeaveException e) {
            throw Failures.of(e);
        }
    }

    static String text(JoinPoint jp) {
        SourcePlace p = jp.place();
        String what = p.struct().isEmpty() ? p.member() : p.struct() + "." + p.member();
        return p.file() + ":" + p.line() + ":" + p.column() + "\t" + p.kind() + " " + what + "\t" + jp.function()
                + "\t0x" + Long.toHexString(jp.address()) + "\t" + precision(jp) + inline(jp.inlineChain());
    }

    private static String precision(JoinPoint jp) {
        if (jp.precision() instanceof Precision.Access a) {
            return jp.precisionLabel() + a.operand().map(o -> " " + o).orElse("");
        }
        return "LINE (" + ((Precision.Line) jp.precision()).reason() + ")";
    }

    private static String inline(List<InlineFrame> chain) {
        if (chain.size() < 2) {
            return "";
        }
        return "\tinlined: " + chain.stream().map(f -> f.function() + (f.inlined()
                ? "@" + f.callFile().map(ResolveCommand::base).orElse("?") + ":" + f.callLine() : ""))
                .collect(Collectors.joining(" < "));
    }

    private static String base(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static Map<String, Object> json(Resolution r) {
        SourcePlace p = r.place();
        return Json.object("file", p.file(), "line", p.line(), "column", p.column(), "kind", p.kind().name(),
                "struct", p.struct(), "member", p.member(), "function", p.function(),
                "problem", r.problem().orElse(null),
                "joinPoints", r.joinPoints().stream().map(ResolveCommand::json).toList());
    }

    private static Map<String, Object> json(JoinPoint jp) {
        return Json.object("address", "0x" + Long.toHexString(jp.address()), "section", jp.section(),
                "symbol", jp.function().symbol(), "offset", jp.function().offset(), "precision", jp.precisionLabel(),
                "detail", jp.precision() instanceof Precision.Access a ? a.operand().map(Object::toString).orElse("")
                        : ((Precision.Line) jp.precision()).reason(),
                "inlineChain", jp.inlineChain().stream().map(f -> Json.object("function", f.function(),
                        "inlined", f.inlined(), "callFile", f.callFile().orElse(""), "callLine", f.callLine())).toList());
    }
}
