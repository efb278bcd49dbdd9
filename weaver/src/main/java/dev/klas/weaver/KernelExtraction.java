package dev.klas.weaver;

import dev.klas.symbols.ExtractionListener;
import dev.klas.symbols.ExtractionReport;
import dev.klas.symbols.ExtractionRequest;
import dev.klas.symbols.Extractor;
import dev.klas.symbols.kbuild.DryRun;
import dev.klas.symbols.kbuild.DryRunCache;
import dev.klas.symbols.kbuild.KernelTree;
import dev.klas.symbols.kbuild.KernelTreeException;
import dev.klas.symbols.kbuild.KernelUnit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code extract --kernel-tree}: Kbuild's units of a kernel tree into a symbol table. */
final class KernelExtraction {
    private KernelExtraction() {
    }

    /**
     * The units of the tree, restricted to {@code under}; the dry run's other facts too. With a symbol table, Kbuild's
     * answer is kept in it and reused while nothing it depends on changed.
     */
    static DryRun units(Path tree, boolean modules, List<Path> under, Optional<Path> database) throws WeaveException {
        DryRun all;
        try {
            KernelTree t = KernelTree.open(tree);
            all = database.isPresent() ? new DryRunCache(database.get()).units(t, modules).run() : t.units(modules);
        } catch (KernelTreeException e) {
            throw new WeaveException(WeaveException.Kind.MISSING_ENVIRONMENT, e.getMessage(), e);
        }
        if (under.isEmpty()) {
            return all;
        }
        List<Path> dirs = under.stream().map(Path::normalize).toList();
        List<KernelUnit> kept = all.units().stream()
                .filter(u -> dirs.stream().anyMatch(d -> Path.of(u.source()).startsWith(d))).toList();
        if (kept.isEmpty()) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, tree + ": no unit of "
                    + (modules ? "vmlinux or a module" : "vmlinux") + " lies under "
                    + under.stream().map(Path::toString).collect(Collectors.joining(", ")));
        }
        return new DryRun(kept, all.madeFiles(), all.asmUnits(), all.hostUnits());
    }

    static ExtractionReport extract(KernelExtractRequest r, ExtractionListener listener) throws WeaveException {
        DryRun run = units(r.tree(), r.modules(), r.under(), Optional.of(r.database()));
        Set<Path> generated = run.madeFiles().stream().map(f -> r.tree().resolve(f).normalize())
                .collect(Collectors.toSet());
        ExtractionRequest request = ExtractionRequest.of(r.tree(), r.database(),
                run.units().stream().map(KernelUnit::command).toList()).withJobs(r.jobs())
                .withGeneratedFiles(generated).withShard(r.shard());
        try {
            ExtractionReport report = new Extractor(listener).run(request);
            if (!r.makeGenerated() || report.generatedNeeded().isEmpty()) {
                return report;
            }
            KernelTree.open(r.tree()).make(report.generatedNeeded());
            ExtractionReport again = new Extractor(listener).run(request);
            // a unit parsed in either run counts once (a failed unit whose inputs did not change is not parsed in
            // the first run, only after Kbuild made its file)
            List<String> parsed = concat(report.parsedFiles(), again.parsedFiles());
            int parsedUnits = (int) parsed.stream().distinct().count();
            return new ExtractionReport(report.units(), parsedUnits, report.units() - parsedUnits, again.failures(),
                    again.warnings(), report.shadows() + again.shadows(), report.elapsed().plus(again.elapsed()),
                    again.generatedNeeded(), parsed);
        } catch (KernelTreeException e) {
            throw new WeaveException(WeaveException.Kind.MISSING_ENVIRONMENT, e.getMessage(), e);
        } catch (IOException e) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, e.getMessage(), e);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
