package dev.klas.symbols;

import dev.klas.symbols.config.ArgumentParser;
import dev.klas.symbols.config.CompileCommand;
import dev.klas.symbols.config.CompileCommands;
import dev.klas.symbols.config.CompilerProbe;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What to extract: translation units with their flags, the source root that file names are relative to, the
 * database, the number of parallel workers, where compiler probes are cached, the files the build would
 * generate (absolute; a unit that needs one of them while it is missing fails with that reason), and which share of
 * the units this run takes ({@link Shard#ALL}: every one). {@code headerReuse}: a header's function bodies are walked
 * only in a macro context not yet recorded ({@link HeaderContext}); off, every unit walks every body it includes —
 * a diagnostic that gives the shadows of a full per-unit parse, to compare with (the system property
 * {@value #HEADER_REUSE}{@code =false} turns it off for {@link #of}, and so for {@code klas extract}).
 */
public record ExtractionRequest(Path root, Path database, List<CompileCommand> units, int jobs, Path probeCache,
                                Set<Path> generatedFiles, Shard shard, boolean headerReuse) {
    public static final String HEADER_REUSE = "klas.extract.headerReuse";

    public ExtractionRequest {
        root = root.toAbsolutePath().normalize();
        units = List.copyOf(units);
        generatedFiles = Set.copyOf(generatedFiles);
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
        }
    }

    public static ExtractionRequest of(Path root, Path database, List<CompileCommand> units) {
        return new ExtractionRequest(root, database, units, Runtime.getRuntime().availableProcessors(),
                CompilerProbe.defaultCacheDir(), Set.of(), Shard.ALL,
                !System.getProperty(HEADER_REUSE, "true").equals("false"));
    }

    public ExtractionRequest withJobs(int n) {
        return new ExtractionRequest(root, database, units, n, probeCache, generatedFiles, shard, headerReuse);
    }

    public ExtractionRequest withProbeCache(Path dir) {
        return new ExtractionRequest(root, database, units, jobs, dir, generatedFiles, shard, headerReuse);
    }

    public ExtractionRequest withGeneratedFiles(Set<Path> files) {
        return new ExtractionRequest(root, database, units, jobs, probeCache, files, shard, headerReuse);
    }

    /** Only {@code s}'s share of the units (after non-C files and duplicates are dropped). */
    public ExtractionRequest withShard(Shard s) {
        return new ExtractionRequest(root, database, units, jobs, probeCache, generatedFiles, s, headerReuse);
    }

    /** With {@code reuse} false, every unit walks the function bodies of every header it includes. */
    public ExtractionRequest withHeaderReuse(boolean reuse) {
        return new ExtractionRequest(root, database, units, jobs, probeCache, generatedFiles, shard, reuse);
    }

    /**
     * The units of a compilation database, restricted to {@code only} (absolute or relative to the
     * database's directory entries) when it is not empty.
     */
    public static List<CompileCommand> fromCompileCommands(Path json, List<Path> only) throws IOException {
        List<CompileCommand> all = CompileCommands.read(json);
        if (only.isEmpty()) {
            return all;
        }
        Set<Path> wanted = only.stream().map(p -> p.toAbsolutePath().normalize()).collect(Collectors.toSet());
        return all.stream().filter(c -> wanted.contains(c.file())
                || only.stream().anyMatch(o -> !o.isAbsolute() && c.file().equals(c.directory().resolve(o).normalize())))
                .toList();
    }

    /** Units for explicit flags ({@code -I DIR}, {@code -D N[=V]}, {@code --include F}) compiled by {@code compiler}. */
    public static List<CompileCommand> fromFlags(String compiler, List<Path> files, List<Path> includeDirs,
                                                 List<String> defines, List<Path> includes, List<String> extra) {
        List<String> args = new ArrayList<>();
        args.add(compiler);
        includeDirs.forEach(d -> args.add("-I" + d.toAbsolutePath()));
        defines.forEach(d -> args.add("-D" + d));
        includes.forEach(f -> {
            args.add("-include");
            args.add(f.toAbsolutePath().toString());
        });
        args.addAll(extra);
        Path cwd = Path.of("").toAbsolutePath();
        var flags = ArgumentParser.parse(args, cwd);
        return files.stream().map(f -> new CompileCommand(f.toAbsolutePath().normalize(), cwd, flags)).toList();
    }
}
