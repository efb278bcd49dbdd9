package dev.klas.cli;

import dev.klas.cli.report.HitsInput;
import dev.klas.cli.report.ReportException;
import dev.klas.cli.report.Site;
import dev.klas.cli.report.WeaveLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code klas report --woven DIR [--hits FILE] [--source-root DIR]... --out REPORT}: a static site of a weave's join
 * points, their outcomes and hits, that opens from the file system (README, "The report").
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a static HTML report of a weave: aspects, join points by outcome, one page per source"
                + " file with each join point marked and lines coloured by hits. Opens from file://, no server.")
final class ReportCommand implements Callable<Integer> {

    @Option(names = "--woven", paramLabel = "DIR", required = true, description = "The --out folder of klas weave.")
    Path woven;

    @Option(names = "--hits", paramLabel = "FILE", description = "Hit counts: the file of klas run --hits, or of"
            + " klas hits --out / --format json.")
    Path hits;

    @Option(names = "--source-root", paramLabel = "DIR", description = "Where the sources named by relative paths"
            + " are (repeatable; default: the symbol table's source root, the woven binary's folder, then the current folder).")
    List<Path> sourceRoots = new ArrayList<>();

    @Option(names = "--out", paramLabel = "REPORT", required = true, description = "The folder to write the report"
            + " into (index.html, files/).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            WeaveLog log = WeaveLog.read(woven);
            HitsInput counts = hits == null ? HitsInput.none() : HitsInput.read(hits);
            List<Path> roots = new ArrayList<>(sourceRoots);
            if (roots.isEmpty()) {
                if (!log.sourceRoot().isEmpty()) {
                    roots.add(Path.of(log.sourceRoot()));
                }
                Path binary = Path.of(log.binary()).toAbsolutePath().getParent();
                if (binary != null) {
                    roots.add(binary);
                }
                roots.add(Path.of("").toAbsolutePath());
            }
            Site.Written w = Site.write(log, counts, roots, out);
            spec.commandLine().getOut().println(String.format("report of %d join points in %d files written to %s",
                    w.joinPoints(),
                    w.files(), w.index().toAbsolutePath()));
            return ExitCode.OK;
        } catch (ReportException e) {
            throw new KlasException(ExitCode.INVALID_INPUT, e.getMessage(), e);
        } catch (IOException e) {
            throw new KlasException(ExitCode.INVALID_INPUT, "cannot write " + out + ": " + e.getMessage(), e);
        }
    }
}
