package dev.klas.cli;

import dev.klas.resolve.FunctionSymbols;
import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.joinpoint.JoinPoint;
import dev.klas.resolve.joinpoint.Resolution;
import dev.klas.schema.InvalidAspectException;
import dev.klas.weaver.ResolveReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code klas export}: the join points of a pointcut as bpftrace, perf probe or SystemTap probe definitions. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write probe definitions at the join points a pointcut resolves to, for bpftrace (a script),"
                + " perf probe (a shell script of perf probe commands) or SystemTap (a .stp script). A .ko or"
                + " vmlinux* binary gives kernel probes, anything else user-space probes.")
final class ExportCommand implements Callable<Integer> {

    enum Format { bpftrace, perf_probe, systemtap }

    @Option(names = "--db", paramLabel = "FILE", required = true, description = "Symbol table from klas extract.")
    Path db;

    @Option(names = "--binary", paramLabel = "ELF", required = true, description = "The binary to probe.")
    Path binary;

    @Option(names = "--format", paramLabel = "TOOL", required = true,
            description = "bpftrace, perf-probe or systemtap.", converter = FormatConverter.class)
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of standard output.")
    Path out;

    @Parameters(paramLabel = "POINTCUT", description = "A pointcut expression, e.g. 'set(mbuf.m_len)'.")
    String pointcut;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InvalidAspectException {
        if (dev.klas.schema.Pointcuts.containsSegmentCall(dev.klas.schema.PointcutParser.parse(pointcut))) {
            throw new KlasException(ExitCode.INVALID_INPUT, "'" + pointcut + "': segment-call(...) has no place in"
                    + " the code to probe: the klas runtime matches it between load segments at run time"
                    + " (klas weave --target userspace, klas profile)");
        }
        ResolveReport report = ResolveCommand.resolve(db, binary, pointcut);
        List<JoinPoint> jps = report.joinPoints();
        PrintWriter err = spec.commandLine().getErr();
        if (report.resolutions().isEmpty()) {
            return NoMatch.report(db, pointcut, dev.klas.schema.PointcutParser.parse(pointcut), err);
        }
        for (Resolution r : report.unresolved()) {
            err.println(r.place() + ": not resolved: " + r.problem().orElse("no code"));
        }
        report.outsideLine().ifPresent(line -> Quiet.note(spec, line));
        if (jps.isEmpty()) {
            throw new KlasException(ExitCode.INVALID_INPUT, "no join points for '" + pointcut + "' in " + binary
                    + report.outsideLine().map(l -> ": " + l).orElse(""));
        }
        String text = switch (format) {
            case bpftrace -> Probes.bpftrace(jps, binary, symbolCounts(binary));
            case perf_probe -> Probes.perfProbe(jps, binary);
            case systemtap -> Probes.systemtap(jps, binary);
        };
        if (out == null) {
            spec.commandLine().getOut().print(text);
        } else {
            try {
                Files.writeString(out, text);
            } catch (IOException e) {
                throw new KlasException(ExitCode.INVALID_INPUT, out + ": cannot write: " + e.getMessage(), e);
            }
        }
        Quiet.note(spec, jps.size() + " probes written" + (out == null ? "" : " to " + out));
        return report.unresolved().isEmpty() ? ExitCode.OK : ExitCode.PARTIAL;
    }

    /** How many code symbols carry each name (gcc's local copies of a static function share one). */
    private static Map<String, Integer> symbolCounts(Path binary) {
        try {
            return FunctionSymbols.of(ElfFile.open(binary)).nameCounts();
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    /** Accepts the tool names as users write them ({@code perf-probe}). */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return Format.valueOf(value.replace('-', '_').toLowerCase(java.util.Locale.ROOT));
        }
    }
}
