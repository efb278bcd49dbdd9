package dev.klas.symbols;

import dev.klas.symbols.config.CompileCommand;
import dev.klas.symbols.config.CompilerProbe;
import dev.klas.symbols.parser.FrontEnd;
import dev.klas.symbols.parser.SourceFiles;
import dev.klas.symbols.parser.UnitResult;
import dev.klas.symbols.store.Database;
import dev.klas.symbols.store.FileStatTable;
import dev.klas.symbols.store.Provenance;
import dev.klas.symbols.store.ShadowStore;
import dev.klas.symbols.store.UnitState;
import dev.klas.symbols.store.UnitWrite;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Extracts shadows from C translation units into a symbols.db: parses only units that are new or whose file or any
 * header changed, in {@code jobs} parallel workers; writes results in transactions of a few units each, so a killed
 * run leaves every unit either in its previous or in its new complete state. A failing unit is recorded and the
 * run goes on. A header's function body is parsed only when its key (header, content, brace offset, digest of the
 * definition's tokens) is not yet recorded, so the table's rows depend on the set of units, not on their order or
 * the number of jobs. Without header reuse ({@link ExtractionRequest#headerReuse()}) every unit parses every body;
 * the rows are stored the same way.
 */
public final class Extractor {
    private static final int BATCH_UNITS = 8;
    private static final long BATCH_MILLIS = 2_000;

    private final ExtractionListener listener;

    public Extractor() {
        this(ExtractionListener.NONE);
    }

    public Extractor(ExtractionListener listener) {
        this.listener = listener;
    }

    public ExtractionReport run(ExtractionRequest request) throws IOException {
        long start = System.nanoTime();
        long startWall = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
        List<Diagnostic> warnings = new ArrayList<>();
        List<CompileCommand> units = request.shard().select(Inputs.cSources(request, warnings));
        SourceFiles files = new SourceFiles();
        CompilerProbe probe = new CompilerProbe(request.probeCache());
        try (ShadowStore store = new ShadowStore(Database.open(request.database(), true))) {
            Provenance.recordRoot(store.connection(), request.root());
            FileHashes hashes = new FileHashes(files, request.root(), FileStatTable.read(store.connection()),
                    startWall);
            UpToDate upToDate = new UpToDate(store, hashes, request.root());
            // without header reuse no body is ever known, so every unit parses every header body it includes
            Map<String, Set<String>> known = new ConcurrentHashMap<>();
            if (request.headerReuse()) {
                store.bodyKeys().forEach((h, keys) -> know(known, h, keys));
            }
            FrontEnd frontEnd = new FrontEnd(files, request.root());
            GeneratedFiles generated = new GeneratedFiles(request.generatedFiles(), request.root());
            List<CompileCommand> todo = new ArrayList<>();
            int done = 0;
            List<FileFailure> stillFailed = new ArrayList<>();
            Set<String> generatedNeeded = new java.util.TreeSet<>();
            for (CompileCommand unit : units) {
                Optional<UnitState> same = upToDate.test(unit);
                if (same.isPresent()) {
                    String main = upToDate.relative(unit.file());
                    if (same.get().status().equals("failed")) {
                        stillFailed.add(new FileFailure(main, same.get().reason()));
                        same.get().deps().entrySet().stream()
                                .filter(d -> d.getValue().equals(UpToDate.ABSENT)
                                        && generated.isGenerated(request.root().resolve(d.getKey())))
                                .forEach(d -> generatedNeeded.add(d.getKey()));
                    }
                    listener.unitDone(main, ++done, units.size());
                } else {
                    todo.add(unit);
                }
            }
            int skipped = done;
            listener.upToDate(skipped, units.size());
            ExecutorService pool = Executors.newFixedThreadPool(request.jobs(), r -> {
                Thread t = new Thread(null, r, "klas-extract", 512L << 20);
                t.setDaemon(true);
                return t;
            });
            try {
                ExecutorCompletionService<Outcome> completion = new ExecutorCompletionService<>(pool);
                // the first unit runs alone: the headers nearly every unit includes are then recorded once, not
                // by each worker that meets them before any unit has finished
                if (!todo.isEmpty()) {
                    completion.submit(() -> extract(todo.get(0), frontEnd, probe, generated, upToDate, known,
                            files, request.headerReuse()));
                }
                Batch batch = new Batch(store);
                for (int i = 0; i < todo.size(); i++) {
                    Outcome o = take(completion);
                    if (i == 0) {
                        for (CompileCommand unit : todo.subList(1, todo.size())) {
                            completion.submit(() -> extract(unit, frontEnd, probe, generated, upToDate, known,
                                    files, request.headerReuse()));
                        }
                    }
                    batch.add(o.unit(), o.result(), o.inputs());
                    o.generated().ifPresent(n -> generatedNeeded.add(n.file()));
                    warnings.addAll(o.result().warnings());
                    listener.unitDone(o.result().mainFile(), ++done, units.size());
                    if (batch.size() >= BATCH_UNITS || batch.ageMillis() >= BATCH_MILLIS) {
                        batch.flush();
                    }
                }
                batch.flush();
                FileStatTable.write(store.connection(), hashes.learned(batch.filesRead()));
                stillFailed.addAll(batch.failures());
                return new ExtractionReport(units.size(), todo.size(), skipped, stillFailed, warnings,
                        batch.shadows(), Duration.ofNanos(System.nanoTime() - start), List.copyOf(generatedNeeded),
                        batch.parsedFiles());
            } finally {
                pool.shutdownNow();
            }
        } catch (SQLException e) {
            throw new SymbolTableException(request.database() + ": " + e.getMessage(), e);
        }
    }

    private static Outcome extract(CompileCommand unit, FrontEnd frontEnd, CompilerProbe probe,
                                   GeneratedFiles generated, UpToDate upToDate, Map<String, Set<String>> known,
                                   SourceFiles files, boolean reuse) throws IOException {
        Optional<GeneratedFiles.Need> missing = generated.missingSource(unit);
        if (missing.isPresent()) {
            Map<String, String> inputs = new java.util.HashMap<>();
            String main = upToDate.relative(unit.file());
            inputs.put(main, files.hash(unit.file().toString()).orElse(UpToDate.ABSENT));
            inputs.put(missing.get().file(), UpToDate.ABSENT);
            return new Outcome(unit, UnitResult.failed(main, missing.get().reason()), missing, inputs);
        }
        UnitResult r = frontEnd.extract(unit, probe.facts(unit.flags()), (h, hash, key) ->
                known.getOrDefault(h + '\0' + hash, Set.of()).contains(key));
        missing = r.failure().isEmpty() ? generated.missingInclude(r) : Optional.empty();
        if (missing.isPresent()) {
            Map<String, String> inputs = new java.util.HashMap<>(r.files());
            r.missingIncludes().forEach(m -> m.candidates().stream()
                    .filter(c -> !java.nio.file.Files.exists(c))
                    .forEach(c -> inputs.putIfAbsent(upToDate.relative(c), UpToDate.ABSENT)));
            inputs.put(missing.get().file(), UpToDate.ABSENT);
            return new Outcome(unit, UnitResult.failed(r.mainFile(), missing.get().reason()), missing, inputs);
        }
        if (reuse) {
            r.bodyKeys().forEach((h, keys) -> know(known, h, keys));
        }
        return new Outcome(unit, r, Optional.empty(), Map.of());
    }

    /**
     * Adds a header's body keys to those later units skip. A unit's keys become known when it has been parsed, so
     * they are written before or with any unit that skipped them; two units parsing one new body at once both give
     * its rows, written once.
     */
    private static void know(Map<String, Set<String>> known, HeaderContext h, Set<String> keys) {
        known.computeIfAbsent(h.path() + '\0' + h.hash(), k -> ConcurrentHashMap.newKeySet()).addAll(keys);
    }

    private static Outcome take(ExecutorCompletionService<Outcome> completion) throws IOException {
        try {
            Future<Outcome> f = completion.take();
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("extraction interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException("extraction worker failed: " + e.getCause(), e.getCause());
        }
    }

    /** @param inputs for a failed unit, the files its failure depends on (empty: try again next time) */
    record Outcome(CompileCommand unit, UnitResult result, Optional<GeneratedFiles.Need> generated,
                   Map<String, String> inputs) {
    }

    /** Results waiting to be written in one transaction. */
    private static final class Batch {
        private final ShadowStore store;
        private final Map<String, String> filesRead = new java.util.HashMap<>();
        private final List<UnitWrite> pending = new ArrayList<>();
        private final List<FileFailure> failures = new ArrayList<>();
        private final List<String> parsed = new ArrayList<>();
        private long started = System.currentTimeMillis();
        private long shadows;

        Batch(ShadowStore store) {
            this.store = store;
        }

        void add(CompileCommand unit, UnitResult r, Map<String, String> inputs) {
            if (pending.isEmpty()) {
                started = System.currentTimeMillis();
            }
            String flags = UpToDate.flagsHash(unit);
            parsed.add(r.mainFile());
            if (r.failure().isPresent()) {
                failures.add(new FileFailure(r.mainFile(), r.failure().get()));
                pending.add(new UnitWrite(r.mainFile(), flags, "failed", r.failure().get(), inputs, Map.of(),
                        List.of()));
                return;
            }
            filesRead.putAll(r.files());
            pending.add(new UnitWrite(r.mainFile(), flags, "ok", "", r.files(), r.headerShadows(), r.shadows(),
                    r.contexts(), r.bodyKeys()));
            shadows += r.shadows().size();
            r.headerShadows().values().forEach(l -> shadows += l.size());
        }

        int size() {
            return pending.size();
        }

        long ageMillis() {
            return System.currentTimeMillis() - started;
        }

        void flush() throws SymbolTableException {
            if (!pending.isEmpty()) {
                store.write(pending);
                pending.clear();
            }
        }

        List<FileFailure> failures() {
            return failures;
        }

        List<String> parsedFiles() {
            return parsed;
        }

        long shadows() {
            return shadows;
        }

        /** Every file the parsed units read, with the hash of what they read. */
        Map<String, String> filesRead() {
            return filesRead;
        }
    }
}
